import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { cacheDir as defaultCacheDir } from '../paths';
import { runLogged } from './run-logged';

/** apps/sandbox/python: requirements files, the training script and the model server scripts. */
export const pythonScriptsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python');

export const pythonEnvNames = ['kserve', 'mlserver'] as const;
export type PythonEnvName = (typeof pythonEnvNames)[number];

/** A venv built by `buildVenv`; `N` is the name in `requirements-<N>.txt` (storage has its own). */
export type PythonEnv<N extends string = PythonEnvName> = {
  name: N;
  /** `$SERVEDECK_CACHE/venv/<name>-<hash>` */
  dir: string;
  /** The venv's interpreter; run everything through it (`python -m ...`), not through bin/ scripts. */
  python: string;
  requirementsFile: string;
  /** First 12 hex digits of the SHA-256 of the requirements file. */
  requirementsHash: string;
};
export type PythonEnvs = Record<PythonEnvName, PythonEnv>;

export class RuntimeSetupError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeSetupError';
  }
}

const markerName = '.servedeck-venv.json';
const markerSchema = z.object({
  name: z.string(),
  requirementsHash: z.string(),
  python: z.string(),
  builtAt: z.string(),
  buildSeconds: z.number(),
});

export function shortHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

export function requirementsFile(name: string, scriptsDir = pythonScriptsDir): string {
  return join(scriptsDir, `requirements-${name}.txt`);
}

/** Where a venv for these requirements lives (pure: the caller supplies the file's content). */
export function venvLocation(cacheDir: string, name: string, requirements: string | Buffer) {
  const requirementsHash = shortHash(requirements);
  const dir = join(cacheDir, 'venv', `${name}-${requirementsHash}`);
  return { dir, requirementsHash, python: join(dir, 'bin', 'python') };
}

/** A venv is usable when its marker names the same requirements hash and the interpreter exists. */
function readMarker(dir: string, requirementsHash: string): z.infer<typeof markerSchema> | undefined {
  const path = join(dir, markerName);
  if (!existsSync(path) || !existsSync(join(dir, 'bin', 'python'))) return undefined;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success && parsed.data.requirementsHash === requirementsHash ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Build directories left by a process that is gone (an interrupted run) are removed. */
async function removeStaleTemps(parent: string, prefix: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue;
    await rm(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function tempName(prefix: string): string {
  return `${prefix}${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * A venv records its own absolute path in bin/ scripts (shebangs, activate) and pyvenv.cfg. It is
 * built in a temporary folder and renamed into place, so rewrite those paths before the rename.
 */
async function retargetVenv(tmp: string, final: string): Promise<void> {
  const files = [join(tmp, 'pyvenv.cfg')];
  const bin = join(tmp, 'bin');
  for (const entry of readdirSync(bin)) {
    const p = join(bin, entry);
    // lstat: bin/python* are symlinks to the base interpreter, which must never be touched.
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isFile() && st.size < 1_000_000) files.push(p);
  }
  for (const file of files) {
    const buf = await readFile(file);
    if (!buf.includes(tmp) || buf.includes(0)) continue;
    await writeFile(file, buf.toString('utf8').split(tmp).join(final));
  }
}

async function pythonVersion(python: string): Promise<string | undefined> {
  const lines: string[] = [];
  const r = await runLogged(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    log: (l) => lines.push(l),
    prefix: '',
  });
  return r.code === 0 ? lines[0]?.trim() : undefined;
}

export async function buildVenv<N extends string>(opts: {
  name: N;
  cacheDir: string;
  basePython: string;
  log: (msg: string) => void;
}): Promise<PythonEnv<N>> {
  const { name, cacheDir, basePython, log } = opts;
  const reqFile = requirementsFile(name);
  const requirements = await readFile(reqFile);
  const loc = venvLocation(cacheDir, name, requirements);
  const env: PythonEnv<N> = { name, requirementsFile: reqFile, ...loc };
  if (readMarker(loc.dir, loc.requirementsHash)) return env;

  const parent = join(cacheDir, 'venv');
  await mkdir(parent, { recursive: true });
  const tmpPrefix = `.tmp-${name}-${loc.requirementsHash}-`;
  await removeStaleTemps(parent, tmpPrefix);
  const tmp = join(parent, tempName(tmpPrefix));
  const prefix = `[venv ${name}] `;
  const started = Date.now();
  log(`${prefix}building ${loc.dir} from ${reqFile} (first run only; a few minutes)`);
  try {
    const venv = await runLogged(basePython, ['-m', 'venv', tmp], { log, prefix });
    if (venv.code !== 0) {
      const text = venv.tail.join('\n');
      const hint = /ensurepip|venv/i.test(text)
        ? ' The venv module is missing: apt-get install python3-venv (Debian/Ubuntu).'
        : '';
      throw new RuntimeSetupError('VenvFailed', `${basePython} -m venv failed (exit ${venv.code}).${hint}\n${text}`);
    }
    const pip = await runLogged(
      join(tmp, 'bin', 'python'),
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-input',
        '--progress-bar',
        'off',
        // The requirements files are complete locks (see their headers).
        '--no-deps',
        '-r',
        reqFile,
      ],
      { log, prefix },
    );
    if (pip.code !== 0) {
      throw new RuntimeSetupError(
        'PipInstallFailed',
        `pip install -r ${reqFile} failed (exit ${pip.code}):\n${pip.tail.slice(-10).join('\n')}`,
      );
    }
    // Informational: with --no-deps nothing checked the lock; mlserver-xgboost's `xgboost` is expected
    // to be reported (xgboost-cpu provides it).
    await runLogged(join(tmp, 'bin', 'python'), ['-m', 'pip', 'check', '--disable-pip-version-check'], {
      log,
      prefix: `${prefix}pip check: `,
    });
    await retargetVenv(tmp, loc.dir);
    const buildSeconds = Math.round((Date.now() - started) / 100) / 10;
    const marker = {
      name,
      requirementsHash: loc.requirementsHash,
      python: basePython,
      builtAt: new Date().toISOString(),
      buildSeconds,
    };
    await writeFile(join(tmp, markerName), `${JSON.stringify(marker, null, 2)}\n`);
    await moveIntoPlace(tmp, loc.dir, () => readMarker(loc.dir, loc.requirementsHash) !== undefined);
    log(`${prefix}ready in ${buildSeconds}s: ${loc.dir}`);
    return env;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Rename a finished build into place. A folder already there is either complete (another process won
 * the race: keep it) or a leftover without its marker (replace it).
 */
export async function moveIntoPlace(tmp: string, final: string, finalIsComplete: () => boolean): Promise<void> {
  if (existsSync(final)) {
    if (finalIsComplete()) return;
    await rm(final, { recursive: true, force: true });
  }
  try {
    await rename(tmp, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && finalIsComplete()) return;
    throw err;
  }
}

/**
 * The two Python environments the model servers run in, built on first use into
 * `$SERVEDECK_CACHE/venv/<name>-<hash of requirements>/` and reused afterwards (a cached call only
 * hashes two files). Builds into a temporary folder and renames it, so an interrupted build leaves
 * nothing half-made behind. `python` is the base interpreter (default `SERVEDECK_PYTHON` or `python3`;
 * the pins are for Python 3.11).
 */
export async function ensurePythonEnvs(opts: {
  cacheDir: string;
  log: (msg: string) => void;
  python?: string;
}): Promise<PythonEnvs> {
  const basePython = opts.python ?? process.env.SERVEDECK_PYTHON ?? 'python3';
  const cached = await Promise.all(
    pythonEnvNames.map(async (name) => {
      const loc = venvLocation(opts.cacheDir, name, await readFile(requirementsFile(name)));
      return readMarker(loc.dir, loc.requirementsHash) !== undefined;
    }),
  );
  if (!cached.every(Boolean)) {
    const version = await pythonVersion(basePython);
    if (version === undefined) {
      throw new RuntimeSetupError(
        'PythonMissing',
        `cannot run ${basePython}; install Python 3.11 or set SERVEDECK_PYTHON`,
      );
    }
    if (version !== '3.11') {
      opts.log(`[venv] warning: ${basePython} is Python ${version}; the pinned requirements are for Python 3.11`);
    }
  }
  // Both at once: the builds are mostly downloads and unpacking.
  const [kserve, mlserver] = await Promise.all(
    pythonEnvNames.map((name) => buildVenv({ name, cacheDir: opts.cacheDir, basePython, log: opts.log })),
  );
  if (!kserve || !mlserver) throw new RuntimeSetupError('VenvFailed', 'venv build returned nothing');
  return { kserve, mlserver };
}

/** The venvs ensurePythonEnvs builds in `cacheDir`, without building them (throws if one is missing). */
export function existingPythonEnvs(cacheDir = defaultCacheDir()): PythonEnvs {
  const one = (name: PythonEnvName) => {
    const file = requirementsFile(name);
    const loc = venvLocation(cacheDir, name, readFileSync(file));
    if (!existsSync(loc.python)) {
      throw new RuntimeSetupError(
        'PythonEnvMissing',
        `the ${name} venv ${loc.dir} is not built; run: npm run sandbox -- up`,
      );
    }
    return { name, requirementsFile: file, ...loc };
  };
  const [kserve, mlserver] = pythonEnvNames.map(one);
  if (!kserve || !mlserver) throw new RuntimeSetupError('PythonEnvMissing', 'no venvs');
  return { kserve, mlserver };
}
