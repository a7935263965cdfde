import { readFileSync } from 'node:fs';
import { buildVenv, type PythonEnv, requirementsFile, venvLocation } from '../runtimes/python-envs';

export const storageEnvName = 'storage';
export type StorageEnv = PythonEnv<typeof storageEnvName>;

/** Where the storage venv for the current requirements-storage.txt lives (no file access but reading it). */
export function storageEnvLocation(cacheDir: string): StorageEnv {
  const file = requirementsFile(storageEnvName);
  return {
    name: storageEnvName,
    requirementsFile: file,
    ...venvLocation(cacheDir, storageEnvName, readFileSync(file)),
  };
}

/**
 * The storage venv (kserve-storage for the storage initializer, moto for the S3 server), built on first
 * use into `$SERVEDECK_CACHE/venv/storage-<hash>/` by the same code as the model servers' venvs, and
 * reused afterwards (a cached call reads one marker file).
 */
export function ensureStorageEnv(opts: { cacheDir: string; log: (msg: string) => void; python?: string }) {
  return buildVenv({
    name: storageEnvName,
    cacheDir: opts.cacheDir,
    basePython: opts.python ?? process.env.SERVEDECK_PYTHON ?? 'python3',
    log: opts.log,
  });
}
