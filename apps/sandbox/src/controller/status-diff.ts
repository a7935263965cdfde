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

export function replicaSetStatusChanged(current: V1ReplicaSetStatus | undefined, want: ReplicaSetStatusWrite): boolean {
  return (
    n(current?.replicas) !== want.replicas ||
    n(current?.fullyLabeledReplicas) !== want.fullyLabeledReplicas ||
    n(current?.readyReplicas) !== want.readyReplicas ||
    n(current?.availableReplicas) !== want.availableReplicas ||
    n(current?.observedGeneration) !== want.observedGeneration
  );
}

export function deploymentStatusChanged(current: V1DeploymentStatus | undefined, want: DeploymentStatusWrite): boolean {
  if (
    n(current?.observedGeneration) !== want.observedGeneration ||
    n(current?.replicas) !== want.replicas ||
    n(current?.updatedReplicas) !== want.updatedReplicas ||
    n(current?.readyReplicas) !== want.readyReplicas ||
    n(current?.availableReplicas) !== want.availableReplicas ||
    n(current?.unavailableReplicas) !== n(want.unavailableReplicas)
  )
    return true;
  const conds = current?.conditions ?? [];
  if (conds.length !== want.conditions.length) return true;
  return want.conditions.some((w) => {
    const c = conds.find((x) => x.type === w.type);
    return !c || c.status !== w.status || (c.reason ?? '') !== w.reason || (c.message ?? '') !== w.message;
  });
}
