/**
 * The bench's paths and set-up helpers over the sandbox's one admin client (`KubeRest`, apps/sandbox/src/kube.ts),
 * loaded from the sandbox kubeconfig by client-node's KubeConfig as the BFF loads its own.
 */
import type { KubeRest } from '@servedeck/sandbox/kube';

export const ISVC_GROUP_PATH = '/apis/serving.kserve.io/v1beta1';
export const isvcsPath = (ns: string): string => `${ISVC_GROUP_PATH}/namespaces/${ns}/inferenceservices`;
export const isvcPath = (ns: string, name: string): string => `${isvcsPath(ns)}/${name}`;

/** Namespace plus a RoleBinding giving `email` the sandbox owner role there (like a Kubeflow profile). */
export async function ensureUserNamespace(kube: KubeRest, ns: string, email: string, labels: Record<string, string>) {
  await kube.ensure('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
  await kube.ensure(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'servedeck-bench-owner', namespace: ns, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OWNER_ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: email }],
  });
}

/** The sandbox's Kubeflow-like owner role (apps/sandbox/src/rbac.ts). */
export const OWNER_ROLE = 'servedeck-profile-owner';

/** Run `fn` over items with at most `limit` in flight. */
export async function inBatches<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await fn(item);
    }
  });
  await Promise.all(workers);
}
