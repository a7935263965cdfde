import {
  apiPaths,
  foldWatchEvent,
  type IsvcResources,
  type ObjectList,
  type RawObject,
  type WatchEvent,
} from '@servedeck/shared';
import type { QueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/query-keys';
import { useEventStream } from '@/lib/watch';

type Resource = 'inferenceservices' | 'pods' | 'services' | 'deployments' | 'events';
const KIND_TO_RESOURCE: Record<string, Resource> = {
  InferenceService: 'inferenceservices',
  Pod: 'pods',
  Service: 'services',
  Deployment: 'deployments',
  Event: 'events',
};

const SHOWN: ReadonlySet<string> = new Set<Resource>([
  'inferenceservices',
  'pods',
  'services',
  'deployments',
  'events',
]);

function resourceOf(event: WatchEvent, obj?: RawObject): Resource | undefined {
  // replicasets, HPAs, ...: the stream carries them so the BFF can pick their events; nothing here shows them
  if (event.resource) return SHOWN.has(event.resource) ? (event.resource as Resource) : undefined;
  return typeof obj?.kind === 'string' ? KIND_TO_RESOURCE[obj.kind] : undefined;
}

/** Fold one event of the per-object stream into the detail, resources or events cache entries. */
export function applyDetailEvent(client: QueryClient, ns: string, name: string, event: WatchEvent): void {
  if (event.type === 'RESYNC') {
    const groups = new Map<Resource, RawObject[]>();
    if (event.resource && !SHOWN.has(event.resource)) return;
    const fixed = event.resource as Resource | undefined;
    for (const item of event.items) {
      const r = fixed ?? resourceOf(event, item);
      if (!r) continue;
      groups.set(r, [...(groups.get(r) ?? []), item]);
    }
    const targets: Resource[] = fixed ? [fixed] : ['inferenceservices', 'pods', 'services', 'deployments', 'events'];
    for (const r of targets)
      applyList(client, ns, name, r, () => ({ items: groups.get(r) ?? [], resourceVersion: event.resourceVersion }));
    return;
  }
  const r = resourceOf(event, event.object);
  if (!r) return;
  if (r === 'inferenceservices') {
    if (event.type === 'DELETED') client.setQueryData(keys.isvc(ns, name), undefined);
    else client.setQueryData(keys.isvc(ns, name), event.object);
    return;
  }
  applyList(client, ns, name, r, (old) => foldWatchEvent(old, event));
}

function applyList(
  client: QueryClient,
  ns: string,
  name: string,
  r: Resource,
  next: (old: { items: RawObject[]; resourceVersion?: string | undefined } | undefined) => {
    items: RawObject[];
    resourceVersion?: string | undefined;
  },
): void {
  if (r === 'inferenceservices') {
    const item = next(undefined).items[0];
    if (item) client.setQueryData(keys.isvc(ns, name), item);
    return;
  }
  if (r === 'events') {
    client.setQueryData<ObjectList>(keys.isvcEvents(ns, name), (old) => ({
      warnings: old?.warnings ?? [],
      ...next(old),
    }));
    return;
  }
  client.setQueryData<IsvcResources>(keys.isvcResources(ns, name), (old) => {
    const base: IsvcResources = old ?? { pods: [], services: [], deployments: [], warnings: [] };
    return { ...base, [r]: next({ items: base[r] }).items };
  });
}

export function useIsvcDetailWatch(ns: string, name: string, enabled: boolean) {
  return useEventStream(enabled ? apiPaths.isvcWatch(ns, name) : undefined, {
    onChange: (event, client) => applyDetailEvent(client, ns, name, event),
    // a kind the user may not read (replicasets, HPAs) is missing from the events, not a broken stream: the
    // InferenceService's own 403/404 ends the stream instead (final)
    onWarning: (err) => err.status === 403 || err.status === 404,
  });
}
