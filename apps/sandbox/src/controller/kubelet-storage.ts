/**
 * The storage-initializer container (`kserve/storage-initializer`, args `[SRC_URI, DEST_PATH]`) as the kubelet
 * runs it. Until the storage module (src/storage, KServe's own `kserve-storage` code against a GCS emulator,
 * an S3 server and PVC folders) exports its runner, this falls back to the model mirror: the URI is resolved
 * in the mirror (pvc:// and file:// as host folders) and copied into DEST_PATH, with the log lines and
 * errors of KServe's storage.py.
 */
import { cp, mkdir, stat } from 'node:fs/promises';
import type { PythonEnvName } from '../runtimes';
import { resolveStorageUri } from '../runtimes';
import { classifyStorageUri } from './storage';

export type StorageInitRequest = {
  /** The init container's args: source URI, destination (a path inside the container). */
  args: string[];
  /** Host folder of the destination (through the container's volume mounts). */
  dest: string | undefined;
  namespace: string;
  stateDir: string;
  /** Which venv's copy of a mirrored model the pod's model server needs (pickles are bound to their sklearn). */
  flavor: PythonEnvName;
  write: (stream: 'stdout' | 'stderr', line: string) => void;
};

export type StorageInitResult = { exitCode: number; message?: string };

export async function runStorageInitializer(r: StorageInitRequest): Promise<StorageInitResult> {
  const [uri = '', destArg = '/mnt/models'] = r.args;
  r.write('stderr', `INFO:root:Initializing, args: src_uri [${uri}] dest_path[ [${destArg}]`);
  r.write('stderr', `INFO:kserve.storage:Copying contents of ${uri} to local`);
  try {
    if (!r.dest) throw new Error(`[Errno 2] No such file or directory: '${destArg}'`);
    const target = classifyStorageUri(uri, r.stateDir, r.namespace);
    if (target.kind === 'invalid') throw new Error(target.message);
    const src =
      target.kind === 'local'
        ? target.path
        : await resolveStorageUri(uri, { runtime: r.flavor, namespace: r.namespace });
    const s = await stat(src).catch(() => undefined);
    if (!s) throw new Error(`[Errno 2] No such file or directory: '${src}'`);
    await mkdir(r.dest, { recursive: true });
    await cp(src, s.isDirectory() ? r.dest : `${r.dest}/${src.split('/').at(-1)}`, { recursive: true, force: true });
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
