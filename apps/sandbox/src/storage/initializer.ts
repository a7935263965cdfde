import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cacheDir as defaultCacheDir } from '../paths';
import { readEndpoints, type StorageEndpoints } from './endpoints';
import { failureMessage, hostArgs, initializerEnv, terminationLogLines, terminationLogTail } from './initializer-args';
import { ensureStorageEnv } from './python-env';

/** The program the storage venv runs (KServe's entrypoint behaviour around kserve_storage). */
export const initializerEntrypoint = join(dirname(fileURLToPath(import.meta.url)), 'initializer_entrypoint.py');

export type StorageInitializerOptions = {
  /** The init container's args as KServe's pod mutator wrote them: `[storageUri, /mnt/models]` (pairs). */
  args: readonly string[];
  /** The container's env, secretKeyRefs already resolved (the S3 credentials KServe injects, ...). */
  env?: Readonly<Record<string, string>>;
  /** Host folder of the pod's `/mnt/models` volume: the model ends up here. */
  mountDir: string;
  /** Other container paths to host folders (the container's volume mounts); `/mnt/models` needs none. */
  hostPath?: (containerPath: string) => string | undefined;
  /** Raw output lines are appended here (stdout and stderr, in order). */
  logFile?: string;
  /** Each output line as it comes (e.g. the kubelet's CRI log writer). */
  write?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Aborting stops the run (SIGTERM to its process group, SIGKILL 5 s later): exit 143 or 137. */
  signal?: AbortSignal;
  /** The sandbox state folder: the storage servers' endpoints are read from `storage/endpoints.json`. */
  stateDir?: string;
  /** Instead of reading them from `stateDir`. */
  endpoints?: StorageEndpoints;
  cacheDir?: string;
};

export type StorageInitializerResult = {
  exitCode: number;
  /** The container's terminated reason, as a kubelet reports it. */
  reason: 'Completed' | 'Error';
  /** On failure: KServe's error text (e.g. `Failed to fetch model. No model found in gs://...`). */
  message?: string;
  /**
   * On failure: the log's tail as a kubelet reports it for `terminationMessagePolicy: FallbackToLogsOnError`
   * (what KServe's init container declares): last 80 lines, at most 2048 bytes.
   */
  logTail?: string;
};

const killGraceMs = 5_000;

/**
 * Runs the storage-initializer init container the way its image does, on the host: KServe's own
 * `kserve_storage` (PyPI kserve-storage 0.20.0, in the storage venv) downloads each source URI into its
 * destination, with `/mnt/models` being `mountDir`. gs:// goes to the sandbox's GCS emulator, s3:// to
 * whatever endpoint the container's env names (KServe's S3 credential env, pointing at the sandbox's
 * moto server). Never rejects: a failure is a non-zero exit with KServe's message in the log and result.
 */
export async function runStorageInitializer(opts: StorageInitializerOptions): Promise<StorageInitializerResult> {
  const lines: string[] = [];
  const emit = (stream: 'stdout' | 'stderr', line: string) => {
    lines.push(line);
    if (lines.length > terminationLogLines) lines.shift();
    if (opts.logFile) appendFileSync(opts.logFile, `${line}\n`);
    opts.write?.(stream, line);
  };
  const fail = (message: string): StorageInitializerResult => {
    emit('stderr', message);
    return { exitCode: 1, reason: 'Error', message, logTail: terminationLogTail(lines) };
  };
  if (opts.logFile) mkdirSync(dirname(opts.logFile), { recursive: true });

  const mapped = hostArgs(opts.args, opts.mountDir, opts.hostPath);
  if (!mapped.ok) return fail(mapped.message);
  const endpoints = opts.endpoints ?? (opts.stateDir ? readEndpoints(opts.stateDir) : undefined);
  if (!endpoints && mapped.args.some((a, i) => i % 2 === 0 && a.startsWith('gs://'))) {
    return fail(
      'the sandbox GCS emulator has no endpoint (storage/endpoints.json is missing: run `npm run sandbox -- up`)',
    );
  }
  let venv: Awaited<ReturnType<typeof ensureStorageEnv>>;
  try {
    venv = await ensureStorageEnv({
      cacheDir: opts.cacheDir ?? defaultCacheDir(),
      log: (m) => emit('stderr', m),
    });
  } catch (err) {
    return fail(`storage venv: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (opts.signal?.aborted) return { exitCode: 143, reason: 'Error', message: 'aborted before start' };

  const workDir = await mkdtemp(join(tmpdir(), 'storage-initializer-'));
  try {
    const env = initializerEnv({
      containerEnv: opts.env ?? {},
      endpoints,
      workDir,
      venvBin: dirname(venv.python),
      ...(process.env.PATH ? { path: process.env.PATH } : {}),
    });
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn(venv.python, [initializerEntrypoint, ...mapped.args], {
        cwd: workDir,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const pipe = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
        if (stream) createInterface({ input: stream }).on('line', (line) => emit(name, line));
      };
      pipe(child.stdout, 'stdout');
      pipe(child.stderr, 'stderr');
      let killTimer: NodeJS.Timeout | undefined;
      const group = (sig: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, sig);
        } catch {
          /* already gone */
        }
      };
      const onAbort = () => {
        group('SIGTERM');
        killTimer = setTimeout(() => group('SIGKILL'), killGraceMs);
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err) => {
        emit('stderr', `exec failed: ${err.message}`);
        resolve(128);
      });
      child.on('close', (code, sig) => {
        if (killTimer) clearTimeout(killTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(code ?? (sig === 'SIGKILL' ? 137 : 143));
      });
    });
    if (exitCode === 0) return { exitCode, reason: 'Completed' };
    const message = failureMessage(lines);
    return { exitCode, reason: 'Error', ...(message ? { message } : {}), logTail: terminationLogTail(lines) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
