// Shared helpers for the bootstrap scripts. Plain JavaScript on purpose: these run before
// `pnpm install`, so they may only use Node's standard library.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Persistent per-user cache (Go binaries, Python venvs, pnpm itself), outside the checkout. */
export const cacheDir =
  process.env.SERVEDECK_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'servedeck');

/**
 * `npm test`'s own sandbox state folder (its own etcd, ports, PKI, Dex, pods), never the one `npm start`
 * and `npm run sandbox` use (`.sandbox`): nothing a user does there can break the tests, and the tests
 * leave it as it was. SERVEDECK_TEST_SANDBOX_DIR overrides it (an absolute path, or relative to the repo).
 */
export function testSandboxDir(env = process.env) {
  return resolve(root, env.SERVEDECK_TEST_SANDBOX_DIR ?? '.sandbox-test');
}

/** The sandbox state folder the sandbox CLI uses with this environment (apps/sandbox/src/paths.ts). */
export function sandboxDirOf(env = process.env) {
  return env.SERVEDECK_SANDBOX_DIR ? resolve(env.SERVEDECK_SANDBOX_DIR) : join(root, '.sandbox');
}

const started = Date.now();
export function log(msg) {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[servedeck ${s}s] ${msg}\n`);
}

export function pinnedPnpm() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const m = /^pnpm@(\d+\.\d+\.\d+)$/.exec(pkg.packageManager ?? '');
  if (!m) throw new Error('package.json packageManager must pin pnpm@X.Y.Z');
  return m[1];
}

/** Path to the pinned pnpm, installed with npm into the cache on first use. */
export function ensurePnpm() {
  const version = pinnedPnpm();
  const prefix = join(cacheDir, 'tools', `pnpm-${version}`);
  const bin = join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');
  if (!existsSync(bin)) {
    log(`installing pnpm ${version} into ${prefix}`);
    const r = spawnSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `pnpm@${version}`],
      {
        stdio: 'inherit',
      },
    );
    if (r.status !== 0) throw new Error(`could not install pnpm ${version} with npm (exit ${r.status})`);
  }
  return bin;
}

/** The environment for child processes: the pinned pnpm first on PATH (turbo looks it up there). */
export function toolEnv(extra = {}) {
  const binDir = join(dirname(dirname(dirname(ensurePnpm()))), '.bin');
  return {
    ...process.env,
    PATH: `${binDir}:${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    ...extra,
  };
}

/** Run the pinned pnpm synchronously; throws on failure. */
export function pnpmSync(args, opts = {}) {
  const bin = ensurePnpm();
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: root, env: toolEnv(), ...opts });
  if (r.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed (exit ${r.status})`);
  return r;
}

export function installDeps() {
  log('installing dependencies (pnpm install --frozen-lockfile)');
  pnpmSync(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only']);
}

/** Spawn and resolve with the exit code (never rejects). */
export function run(cmd, args, { env = {}, ...opts } = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts, env: toolEnv(env) });
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolveRun(127));
  });
}
