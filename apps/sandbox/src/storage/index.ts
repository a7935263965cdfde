/**
 * Storage, real on the model side (docs/sandbox.md "Storage"): KServe's own storage-initializer code
 * (kserve-storage from PyPI) in its own venv, gs:// served by fake-gcs-server, s3:// by moto's S3 server,
 * pvc:// by a PersistentVolume whose hostPath holds the sample models.
 *
 * For the kubelet:
 * - `runStorageInitializer({args, env, mountDir, logFile | write, signal, stateDir})` runs the
 *   `storage-initializer` init container KServe's pod mutator adds (`args: [storageUri, /mnt/models]`)
 *   with the container's env; the model lands in `mountDir`. Resolves `{exitCode, reason, message?}`.
 * - `pvcHostFolder(pvc, pv, subPath)` maps a pod's `persistentVolumeClaim` volume (KServe mounts
 *   `pvc://CLAIM/PATH` at /mnt/models with subPath PATH, no init container) to its host folder.
 *
 * For `up`: `startStorage({stateDir, cache, ports, run, log, namespaces, kube})` after the model mirror,
 * `storageComponentSpecs(ports, stateDir, cache)` for status/down, `storageComponentNames`.
 */
export { type BucketObject, bucketObjects, objectUri } from './buckets';
export {
  bucketsDir,
  type StorageComponentName,
  type StorageComponentSpec,
  type StoragePorts,
  storageComponentNames,
  storageComponentSpecs,
} from './components';
export { readEndpoints, type StorageEndpoints } from './endpoints';
export {
  runStorageInitializer,
  type StorageInitializerOptions,
  type StorageInitializerResult,
} from './initializer';
export { modelMountPath } from './initializer-args';
export { ensureStoragePorts, readStoragePorts } from './ports';
export { type HostFolder, modelsClaimName, pvcHostFolder, pvcModels } from './pvc';
export { ensureStorageEnv } from './python-env';
export { s3AccessKey, s3CredentialsName } from './s3-credentials';
export { modelsVolumeDir, startStorage, storageObjects } from './start';
