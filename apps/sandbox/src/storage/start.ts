import { join } from 'node:path';
import { applyAll } from '../kserve';
import type { KubeObject, KubeRest } from '../kube';
import { ensureModelMirror, ensurePythonEnvs } from '../runtimes';
import { type BucketObject, bucketEntries, bucketObjects, writeFolder } from './buckets';
import { bucketsDir, type StorageComponentSpec, type StoragePorts, storageComponentSpecs } from './components';
import { endpointsFor, type StorageEndpoints, storageDir, writeEndpoints } from './endpoints';
import { modelsClaimName, pvcFiles, pvcObjects } from './pvc';
import { ensureStorageEnv } from './python-env';
import { s3CredentialObjects } from './s3-credentials';

type Log = (msg: string) => void;

/** Host folder of the models volume every namespace's `kserve-models` PVC is bound to. */
export function modelsVolumeDir(stateDir: string): string {
  return join(storageDir(stateDir), 'volumes', modelsClaimName);
}

/** The PV/PVC pair and the S3 Secret + ServiceAccount of each namespace (pure). */
export function storageObjects(namespaces: readonly string[], stateDir: string, s3Endpoint: string): KubeObject[] {
  return namespaces.flatMap((ns) => [
    ...pvcObjects(ns, modelsVolumeDir(stateDir)),
    ...s3CredentialObjects(ns, s3Endpoint),
  ]);
}

/** The sample models as bucket objects, from the model mirror (built on first use, cached after). */
export async function sampleObjects(cache: string, log: Log): Promise<BucketObject[]> {
  const envs = await ensurePythonEnvs({ cacheDir: cache, log });
  const mirror = await ensureModelMirror({ cacheDir: cache, envs, log });
  return bucketObjects(mirror.index, mirror.dir);
}

/**
 * `up`'s storage step, after the model mirror: the storage venv, the bucket folder both servers load and
 * the models volume's folder (the sample models), the GCS emulator and the S3 server through `run`
 * (`up` passes lifecycle's ensureRunning), `storage/endpoints.json` for the kubelet's storage initializer,
 * then, with `kube`, each namespace's PV/PVC pair and S3 Secret + ServiceAccount.
 */
export async function startStorage(opts: {
  stateDir: string;
  cache: string;
  ports: StoragePorts;
  run: (spec: StorageComponentSpec) => Promise<unknown>;
  log: Log;
  namespaces?: readonly string[];
  kube?: KubeRest;
  /** Instead of the sample models from the mirror (tests). */
  objects?: readonly BucketObject[];
}): Promise<StorageEndpoints> {
  const { stateDir, cache, log } = opts;
  await ensureStorageEnv({ cacheDir: cache, log });
  const objects = opts.objects ?? (await sampleObjects(cache, log));
  await writeFolder(bucketsDir(stateDir), bucketEntries(objects));
  await writeFolder(modelsVolumeDir(stateDir), pvcFiles(objects));
  log(`${objects.length} objects in buckets ${[...new Set(objects.map((o) => o.bucket))].join(', ')}`);
  for (const spec of storageComponentSpecs(opts.ports, stateDir, cache)) await opts.run(spec);
  const endpoints = endpointsFor(opts.ports);
  await writeEndpoints(stateDir, endpoints);
  log(`gs:// -> ${endpoints.gcs} (fake-gcs-server), s3:// -> ${endpoints.s3} (moto)`);
  if (opts.kube && opts.namespaces && opts.namespaces.length > 0) {
    await applyAll(opts.kube, storageObjects(opts.namespaces, stateDir, endpoints.s3), 'storage');
    log(
      `PVC ${modelsClaimName} (hostPath ${modelsVolumeDir(stateDir)}) and S3 Secret/ServiceAccount servedeck-s3 in ${opts.namespaces.join(', ')}`,
    );
  }
  return endpoints;
}
