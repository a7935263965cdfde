/**
 * The storage-initializer container (`kserve/storage-initializer`, args `[SRC_URI, DEST_PATH, ...]`) as the
 * kubelet runs it: KServe's own storage code through the storage module (src/storage: kserve-storage in its
 * venv, gs:// from the GCS emulator, s3:// from the S3 server), with the container's env and volume mounts.
 *
 * pvc:// and file:// sources are the imitation's only (real KServe mounts a PVC at /mnt/models and adds no
 * init container): they are copied from their host folder (`.sandbox/pvc/NS/CLAIM/...`), with the log lines
 * and errors of KServe's storage.py. Deleted with the imitation.
 */
import { cp, mkdir, stat } from 'node:fs/promises';
import { runStorageInitializer } from '../storage';
import { classifyStorageUri } from './storage';

export type StorageInitRequest = {
  /** The init container's args. */
  args: string[];
  /** The container's env (secret and config map references resolved). */
  env: Record<string, string>;
  /** Host folder of the first destination (through the container's volume mounts). */
  dest: string | undefined;
  hostPath: (containerPath: string) => string | undefined;
  namespace: string;
  stateDir: string;
  signal: AbortSignal;
  write: (stream: 'stdout' | 'stderr', line: string) => void;
};

export type StorageInitResult = { exitCode: number; message?: string };

export async function runStorageInit(r: StorageInitRequest): Promise<StorageInitResult> {
  const [uri = '', destArg = '/mnt/models'] = r.args;
  if (!/^(pvc|file):\/\//.test(uri)) {
    if (!r.dest) return { exitCode: 1, message: `[Errno 2] No such file or directory: '${destArg}'` };
    const res = await runStorageInitializer({
      args: r.args,
      env: r.env,
      mountDir: r.dest,
      hostPath: r.hostPath,
      write: r.write,
      signal: r.signal,
      stateDir: r.stateDir,
    });
    return { exitCode: res.exitCode, ...(res.message ? { message: res.message } : {}) };
  }
  r.write('stderr', `INFO:root:Initializing, args: src_uri [${uri}] dest_path[ [${destArg}]`);
  r.write('stderr', `INFO:kserve.storage:Copying contents of ${uri} to local`);
  try {
    if (!r.dest) throw new Error(`[Errno 2] No such file or directory: '${destArg}'`);
    const target = classifyStorageUri(uri, r.stateDir, r.namespace);
    if (target.kind !== 'local')
      throw new Error(target.kind === 'invalid' ? target.message : `not a local URI: ${uri}`);
    const s = await stat(target.path).catch(() => undefined);
    if (!s) throw new Error(`[Errno 2] No such file or directory: '${target.path}'`);
    await mkdir(r.dest, { recursive: true });
    const to = s.isDirectory() ? r.dest : `${r.dest}/${target.path.split('/').at(-1)}`;
    await cp(target.path, to, { recursive: true, force: true });
    r.write('stderr', `INFO:kserve.storage:Successfully copied ${uri} to ${destArg}`);
    return { exitCode: 0 };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    for (const line of [
      'Traceback (most recent call last):',
      '  File "/storage-initializer/scripts/initializer-entrypoint", line 16, in <module>',
      '    kserve.Storage.download(src_uri, dest_path)',
      ...`RuntimeError: ${msg}`.split('\n'),
    ]) {
      r.write('stderr', line);
    }
    return { exitCode: 1, message: msg };
  }
}
