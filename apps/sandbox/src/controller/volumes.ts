/**
 * A pod's volumes as host folders, and a container's paths through its volume mounts. Pure: the kubelet
 * resolves PersistentVolumeClaims first (claimPath) and passes the result in.
 *
 * - emptyDir -> `<podDir>/volumes/kubernetes.io~empty-dir/<name>` (as the kubelet lays it out)
 * - hostPath -> its path
 * - persistentVolumeClaim -> the bound PersistentVolume's hostPath/local path (claimPath)
 * - anything else (projected service-account tokens, configMaps, secrets) -> `<podDir>/volumes/<plugin>/<name>`,
 *   an empty folder: none of the runnable images reads one.
 */
import { isAbsolute, join, normalize, relative } from 'node:path';
import type { V1Container, V1Volume } from '@kubernetes/client-node';

export type VolumeDirs = Record<string, string>;

export function volumeDirs(
  volumes: V1Volume[] | undefined,
  podDir: string,
  claimPath: (claim: string) => string | undefined,
): VolumeDirs {
  const out: VolumeDirs = {};
  for (const v of volumes ?? []) {
    if (v.hostPath) out[v.name] = v.hostPath.path;
    else if (v.persistentVolumeClaim) {
      const p = claimPath(v.persistentVolumeClaim.claimName);
      if (p !== undefined) out[v.name] = p;
    } else {
      const plugin = v.emptyDir
        ? 'kubernetes.io~empty-dir'
        : `kubernetes.io~${Object.keys(v).find((k) => k !== 'name') ?? 'unknown'}`;
      out[v.name] = join(podDir, 'volumes', plugin, v.name);
    }
  }
  return out;
}

/** Volumes of the pod that have no host folder (an unbound or unknown claim): the pod cannot start. */
export function missingVolumes(volumes: V1Volume[] | undefined, dirs: VolumeDirs): string[] {
  return (volumes ?? []).filter((v) => dirs[v.name] === undefined).map((v) => v.name);
}

function inside(base: string, sub: string): string {
  const rel = normalize(sub).replace(/^(\.\.(\/|$))+/, '');
  return rel === '.' || rel === '' ? base : join(base, rel);
}

/**
 * The host path for a path inside the container: the longest volume mount that contains it (with its
 * subPath), or undefined when no mount does.
 */
export function hostPathIn(container: V1Container, dirs: VolumeDirs, path: string): string | undefined {
  if (!isAbsolute(path)) return undefined;
  const p = normalize(path);
  let best: { len: number; host: string } | undefined;
  for (const m of container.volumeMounts ?? []) {
    const dir = dirs[m.name];
    if (dir === undefined) continue;
    const mount = normalize(m.mountPath).replace(/\/+$/, '') || '/';
    const rel = relative(mount, p);
    if (rel.startsWith('..') || isAbsolute(rel)) continue;
    if (best && best.len >= mount.length) continue;
    const base = m.subPath ? inside(dir, m.subPath) : dir;
    best = { len: mount.length, host: rel === '' ? base : join(base, rel) };
  }
  return best?.host;
}
