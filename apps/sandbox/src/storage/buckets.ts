import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MirrorIndex } from '../runtimes/model-mirror';

/** One object the storage servers hold: `gs://bucket/key` on the GCS emulator, `s3://bucket/key` on moto. */
export type BucketObject = { bucket: string; key: string; file: string };

/**
 * The sample models as objects at the paths of their storage URIs: `gs://seldon-models/sklearn/iris`
 * with file `model.joblib` becomes bucket `seldon-models`, key `sklearn/iris/model.joblib`. The file
 * is the mirror's kserve copy (both venvs pin the same scikit-learn, numpy and joblib, so one pickle
 * serves both model servers, as one object in a real bucket does). Pure.
 */
export function bucketObjects(index: Pick<MirrorIndex, 'models'>, mirrorDir: string): BucketObject[] {
  const out: BucketObject[] = [];
  for (const m of index.models) {
    const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(m.uri);
    const rel = m.dirs.kserve ?? m.dirs.mlserver;
    if (!match?.[1] || !match[2] || rel === undefined) continue;
    const prefix = match[2].replace(/\/+$/, '');
    for (const f of m.files) out.push({ bucket: match[1], key: `${prefix}/${f}`, file: join(mirrorDir, rel, f) });
  }
  return out.sort((a, b) => `${a.bucket}/${a.key}`.localeCompare(`${b.bucket}/${b.key}`));
}

/** The storage URI of an object's folder, e.g. `gs://seldon-models/sklearn/iris` (for messages and docs). */
export function objectUri(scheme: 'gs' | 's3', o: Pick<BucketObject, 'bucket' | 'key'>): string {
  return `${scheme}://${o.bucket}/${o.key.replace(/\/[^/]+$/, '')}`;
}

/** A file to lay out: `path` (slash-separated, relative) inside the folder gets a copy of `file`. */
export type FolderEntry = { path: string; file: string };

/** `<bucket>/<key>` entries: the layout fake-gcs-server's -data and the S3 launcher read. */
export function bucketEntries(objects: readonly BucketObject[]): FolderEntry[] {
  return objects.map((o) => ({ path: `${o.bucket}/${o.key}`, file: o.file }));
}

/** Replaces `root` with a folder holding exactly `entries` (built beside it, then renamed into place). */
export async function writeFolder(root: string, entries: readonly FolderEntry[]): Promise<void> {
  const tmp = `${root}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const e of entries) {
    const dest = join(tmp, ...e.path.split('/'));
    await mkdir(dirname(dest), { recursive: true });
    await copyFile(e.file, dest);
  }
  await rm(root, { recursive: true, force: true });
  await mkdir(dirname(root), { recursive: true });
  await rename(tmp, root);
}
