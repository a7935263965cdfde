/**
 * Whether a status the controller is about to write differs from the one the object already has, so the
 * 30 s resync writes nothing when nothing changed (each needless PATCH is an etcd write, a new
 * resourceVersion and a watch event for every watcher). Fields the apiserver omits when zero (`omitempty`)
 * compare as 0; condition timestamps are ignored (the deployment controller keeps them when nothing else in
 * the condition changed).
 */
import type { V1DeploymentStatus, V1ReplicaSetStatus } from '@kubernetes/client-node';

export type ReplicaSetStatusWrite = {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
};

export type DeploymentConditionWrite = {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  /** a Date only when it came back from a client that parses dates; the KubeClient serialises both */
  lastTransitionTime: string | Date;
};

export type DeploymentStatusWrite = {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** null removes the field (merge patch) */
  unavailableReplicas: number | null;
  conditions: DeploymentConditionWrite[];
};

const n = (v: number | null | undefined): number => v ?? 0;

/** Whether any of the counters differs (absent and null count as 0). */
function countsDiffer<K extends string>(
  current: { [k in K]?: number | null | undefined } | undefined,
  want: { [k in K]: number | null },
  keys: readonly K[],
): boolean {
  return keys.some((k) => n(current?.[k]) !== n(want[k]));
}

export function replicaSetStatusChanged(current: V1ReplicaSetStatus | undefined, want: ReplicaSetStatusWrite): boolean {
  return countsDiffer(current, want, [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ]);
}

export function deploymentStatusChanged(current: V1DeploymentStatus | undefined, want: DeploymentStatusWrite): boolean {
  const counters = [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ] as const;
  if (countsDiffer(current, want, counters)) return true;
  const conds = current?.conditions ?? [];
  if (conds.length !== want.conditions.length) return true;
  return want.conditions.some((w) => {
    const c = conds.find((x) => x.type === w.type);
    return !c || c.status !== w.status || (c.reason ?? '') !== w.reason || (c.message ?? '') !== w.message;
  });
}
