import { ALL_NAMESPACES, foldWatchEvent, kindApiPaths, type ObjectList, type ResourceKind } from '@servedeck/shared';
import type { KindKeys } from './kind-queries';
import { type StreamStatus, useEventStreamStatus } from './watch';

/** Live list: the namespace's watch stream of the kind folded into the list query's cache entry. */
export function useKindListWatch(kind: ResourceKind, keys: KindKeys, ns: string, enabled: boolean): StreamStatus {
  return useEventStreamStatus(enabled ? kindApiPaths.listWatch(kind, ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<ObjectList>(keys.list(ns), (old) => ({
        ...foldWatchEvent(old, event, (o) => o.kind === undefined || o.kind === kind.kind),
        warnings: old?.warnings ?? [],
      }));
    },
    onWarning: (err) => err.status === 403 && ns === ALL_NAMESPACES,
  });
}

/** Live details: the object's own stream into its query (what it owns is not read here). */
export function useKindWatch(kind: ResourceKind, keys: KindKeys, ns: string, name: string): StreamStatus {
  return useEventStreamStatus(kindApiPaths.objectWatch(kind, ns, name), {
    onChange: (event, client) => {
      if (event.resource && event.resource !== kind.plural) return;
      if (event.type === 'RESYNC') {
        const obj = event.items[0];
        if (obj) client.setQueryData(keys.one(ns, name), obj);
        return;
      }
      if (event.type !== 'DELETED') client.setQueryData(keys.one(ns, name), event.object);
    },
  });
}
