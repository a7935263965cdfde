import { isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';
import type { KubeObject } from '../kube';
import type { BucketObject, FolderEntry } from './buckets';

/** The PVC every user namespace gets: `pvc://kserve-models/sklearn/iris` serves the seed's model. */
export const modelsClaimName = 'kserve-models';

/** Folders of the models volume and the sample each holds (its gs:// object's files). */
export const pvcModels = [
  { path: 'sklearn/iris', from: 'gs://seldon-models/sklearn/iris' },
  { path: 'xgboost/iris', from: 'gs://kfserving-examples/models/xgboost/iris' },
  { path: 'lightgbm/iris', from: 'gs://kfserving-examples/models/lightgbm/iris' },
] as const;

/** The models volume's files, `path` relative to the volume (pure; from the bucket objects). */
export function pvcFiles(objects: readonly BucketObject[]): FolderEntry[] {
  const out: FolderEntry[] = [];
  for (const m of pvcModels) {
    for (const o of objects) {
      const uri = `gs://${o.bucket}/${o.key}`;
      if (uri.startsWith(`${m.from}/`)) out.push({ path: `${m.path}/${uri.slice(m.from.length + 1)}`, file: o.file });
    }
  }
  return out;
}

export function persistentVolumeName(namespace: string): string {
  return `${modelsClaimName}-${namespace}`;
}

/**
 * A PersistentVolume (hostPath = `hostDir`) and a PersistentVolumeClaim in `namespace`, bound to each
 * other in advance (the PV's claimRef, the PVC's volumeName), as an admin pre-binds a static volume: the
 * persistentvolume-binder controller completes the binding; no provisioner is involved (storageClassName "").
 */
export function pvcObjects(namespace: string, hostDir: string): KubeObject[] {
  const pvName = persistentVolumeName(namespace);
  const labels = { 'app.kubernetes.io/managed-by': 'servedeck-sandbox' };
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, labels },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        hostPath: { path: hostDir, type: 'Directory' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: modelsClaimName },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: modelsClaimName, namespace, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: '',
        volumeName: pvName,
        resources: { requests: { storage: '1Gi' } },
      },
    },
  ];
}

const pvcSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }),
  spec: z.object({ volumeName: z.string().optional() }).optional(),
  status: z.object({ phase: z.string().optional() }).optional(),
});
const pvSchema = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    hostPath: z.object({ path: z.string() }).optional(),
    local: z.object({ path: z.string() }).optional(),
    claimRef: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
  }),
});

export type HostFolder = { ok: true; path: string } | { ok: false; reason: string; message: string };

/**
 * The host folder behind a pod's `persistentVolumeClaim` volume (with the volume mount's subPath, as KServe
 * mounts `pvc://CLAIM/PATH` at /mnt/models with subPath PATH): the bound PV's hostPath (or local path).
 * `pvc` and `pv` are the objects as read from the apiserver (pv undefined when the PVC names none or it is
 * gone). Errors carry the reason and message a kubelet reports for the volume (`FailedMount`). Pure.
 */
export function pvcHostFolder(pvc: unknown, pv: unknown, subPath = ''): HostFolder {
  const claim = pvcSchema.safeParse(pvc);
  if (!claim.success) return { ok: false, reason: 'FailedMount', message: 'not a PersistentVolumeClaim' };
  const claimName = claim.data.metadata.name;
  const volumeName = claim.data.spec?.volumeName;
  if (!volumeName) {
    return {
      ok: false,
      reason: 'FailedMount',
      message: `persistentvolumeclaim "${claimName}" is not bound (no spec.volumeName)`,
    };
  }
  const vol = pvSchema.safeParse(pv);
  if (!vol.success || vol.data.metadata.name !== volumeName) {
    return { ok: false, reason: 'FailedMount', message: `persistentvolume "${volumeName}" not found` };
  }
  const ref = vol.data.spec.claimRef;
  if (ref && (ref.name !== claimName || (ref.namespace && ref.namespace !== claim.data.metadata.namespace))) {
    return {
      ok: false,
      reason: 'FailedMount',
      message: `persistentvolume "${volumeName}" is bound to ${ref.namespace}/${ref.name}, not to this claim`,
    };
  }
  const base = vol.data.spec.hostPath?.path ?? vol.data.spec.local?.path;
  if (!base) {
    return {
      ok: false,
      reason: 'FailedMount',
      message: `persistentvolume "${volumeName}" is neither hostPath nor local: the sandbox kubelet mounts only host folders`,
    };
  }
  const sub = normalize(subPath || '.');
  if (isAbsolute(sub) || sub === '..' || sub.startsWith('../')) {
    return {
      ok: false,
      reason: 'FailedMount',
      message: `subPath ${subPath} must be a relative path inside the volume`,
    };
  }
  return { ok: true, path: sub === '.' ? base : join(base, sub) };
}
