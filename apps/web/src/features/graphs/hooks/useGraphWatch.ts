import { foldWatchEvent, INFERENCE_GRAPH, kindApiPaths, type ObjectList } from '@servedeck/shared';
import { type StreamStatus, useEventStreamStatus } from '@/lib/watch';
import { graphKeys } from '../api/graphs';

const isGraph = (o: Record<string, unknown>) => o.kind === undefined || o.kind === INFERENCE_GRAPH.kind;

/** Live list: the namespace's graph watch stream folded into the list query's cache entry. */
export function useGraphListWatch(ns: string, enabled: boolean): StreamStatus {
  return useEventStreamStatus(enabled ? kindApiPaths.listWatch(INFERENCE_GRAPH, ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<ObjectList>(graphKeys.list(ns), (old) => ({
        ...foldWatchEvent(old, event, isGraph),
        warnings: old?.warnings ?? [],
      }));
    },
    onWarning: (err) => err.status === 403 && ns === '_all',
  });
}

/** Live details: the graph's own stream (the graph object; its pods etc. are not shown here) into its query. */
export function useGraphWatch(ns: string, name: string): StreamStatus {
  return useEventStreamStatus(kindApiPaths.objectWatch(INFERENCE_GRAPH, ns, name), {
    onChange: (event, client) => {
      if (event.resource && event.resource !== INFERENCE_GRAPH.plural) return;
      if (event.type === 'RESYNC') {
        const obj = event.items[0];
        if (obj) client.setQueryData(graphKeys.one(ns, name), obj);
        return;
      }
      if (event.type !== 'DELETED') client.setQueryData(graphKeys.one(ns, name), event.object);
    },
  });
}
