import { HttpApiError } from '../http/api-error';
import type { K8sClient } from './client';
import { asList, isRecord, type K8sObject, meta } from './objects';
import { ISVC_LABEL, k8sPaths } from './paths';

export type Owned = { pods: K8sObject[]; services: K8sObject[]; deployments: K8sObject[]; warnings: string[] };

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

/** Does an Event concern the InferenceService or one of the named objects it owns? */
export function eventConcerns(event: K8sObject, isvcName: string, ownedNames: Set<string>): boolean {
  const io = event.involvedObject;
  if (!isRecord(io) || typeof io.name !== 'string') return false;
  if (io.kind === 'InferenceService') return io.name === isvcName;
  return ownedNames.has(io.name);
}

export function namesOf(...lists: K8sObject[][]): Set<string> {
  const s = new Set<string>();
  for (const l of lists) for (const o of l) if (meta(o).name) s.add(meta(o).name as string);
  return s;
}
