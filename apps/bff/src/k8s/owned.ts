import type { WatchResource } from '@servedeck/shared';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from './client';
import { asList, isRecord, type K8sObject, meta } from './objects';
import { ISVC_LABEL, k8sPaths } from './paths';

export type Owned = { pods: K8sObject[]; services: K8sObject[]; deployments: K8sObject[]; warnings: string[] };

/**
 * The kinds an InferenceService owns whose Events the details page shows, each listed as the user by a label
 * selector. Events name their object by kind and name (`involvedObject`), so each kind carries its `kind`.
 * Hook for other workloads (InferenceGraph routers, LLM services' LeaderWorkerSets, KEDA ScaledObjects): insert an
 * entry here (and its `resource` in shared `watchResourceSchema`); the events route and the details stream
 * pick it up. `selector` defaults to KServe's `serving.kserve.io/inferenceservice=NAME`.
 */
export type OwnedKind = {
  resource: WatchResource;
  kind: string;
  path: (ns: string) => string;
  selector?: (isvcName: string) => string;
};

export const OWNED_KINDS: readonly OwnedKind[] = [
  { resource: 'pods', kind: 'Pod', path: k8sPaths.pods },
  { resource: 'services', kind: 'Service', path: k8sPaths.services },
  { resource: 'deployments', kind: 'Deployment', path: k8sPaths.deployments },
  // a quota's or an admission webhook's FailedCreate is an event of the ReplicaSet, not of a pod
  { resource: 'replicasets', kind: 'ReplicaSet', path: k8sPaths.replicaSets },
  // KServe names the HPA after the Deployment and gives it the component's labels
  { resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', path: k8sPaths.horizontalPodAutoscalers },
];

export function ownedSelector(k: OwnedKind, isvcName: string): string {
  return k.selector ? k.selector(isvcName) : `${ISVC_LABEL}=${isvcName}`;
}

async function partial(client: K8sClient, what: string, path: string, query: Record<string, string>) {
  try {
    return { items: asList((await client.call('GET', path, { query })).body).items, warning: undefined };
  } catch (err) {
    if (err instanceof HttpApiError && err.apiError.status < 500) {
      return { items: [] as K8sObject[], warning: `${what}: ${err.apiError.reason}: ${err.apiError.message}` };
    }
    throw err;
  }
}

/**
 * Pods, services and deployments of an InferenceService, by KServe's label. A refusal for one kind is a
 * warning next to the others (the user may read pods but not deployments, say).
 */
export async function ownedResources(client: K8sClient, ns: string, name: string): Promise<Owned> {
  const q = { labelSelector: `${ISVC_LABEL}=${name}` };
  const [pods, services, deployments] = await Promise.all([
    partial(client, 'pods', k8sPaths.pods(ns), q),
    partial(client, 'services', k8sPaths.services(ns), q),
    partial(client, 'deployments', k8sPaths.deployments(ns), q),
  ]);
  return {
    pods: pods.items,
    services: services.items,
    deployments: deployments.items,
    warnings: [pods.warning, services.warning, deployments.warning].filter((w): w is string => w !== undefined),
  };
}

/** Every owned object of every OWNED_KINDS kind, by kind; a kind the user may not read (or the cluster lacks) is a warning. */
export async function ownedObjects(
  client: K8sClient,
  ns: string,
  name: string,
): Promise<{ objects: Map<WatchResource, K8sObject[]>; warnings: string[] }> {
  const lists = await Promise.all(
    OWNED_KINDS.map((k) => partial(client, k.resource, k.path(ns), { labelSelector: ownedSelector(k, name) })),
  );
  const objects = new Map<WatchResource, K8sObject[]>();
  OWNED_KINDS.forEach((k, i) => {
    objects.set(k.resource, lists[i]?.items ?? []);
  });
  return { objects, warnings: lists.flatMap((l) => (l.warning ? [l.warning] : [])) };
}

/** `Kind/name` of every owned object, for `eventConcerns`. */
export function ownedKeys(current: (r: WatchResource) => K8sObject[]): Set<string> {
  const s = new Set<string>();
  for (const k of OWNED_KINDS) {
    for (const o of current(k.resource)) {
      const n = meta(o).name;
      if (n) s.add(`${k.kind}/${n}`);
    }
  }
  return s;
}

/**
 * Does an Event concern the InferenceService or one of the objects it owns? `owned` holds `Kind/name` keys
 * (ownedKeys); plain names (namesOf) are still accepted for any kind.
 */
export function eventConcerns(event: K8sObject, isvcName: string, owned: Set<string>): boolean {
  const io = event.involvedObject;
  if (!isRecord(io) || typeof io.name !== 'string') return false;
  if (io.kind === 'InferenceService') return io.name === isvcName;
  return owned.has(`${String(io.kind)}/${io.name}`) || owned.has(io.name);
}

export function namesOf(...lists: K8sObject[][]): Set<string> {
  const s = new Set<string>();
  for (const l of lists) for (const o of l) if (meta(o).name) s.add(meta(o).name as string);
  return s;
}
