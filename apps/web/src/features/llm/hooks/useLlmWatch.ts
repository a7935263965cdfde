import { foldWatchEvent, kindApiPaths, LLM_INFERENCE_SERVICE, type ObjectList } from '@servedeck/shared';
import { type StreamStatus, useEventStreamStatus } from '@/lib/watch';
import { llmKeys } from '../api/llm';

const L = LLM_INFERENCE_SERVICE;
const isLlm = (o: Record<string, unknown>) => o.kind === undefined || o.kind === L.kind;

/** Live list: the namespace's watch stream folded into the list query's cache entry. */
export function useLlmListWatch(ns: string, enabled: boolean): StreamStatus {
  return useEventStreamStatus(enabled ? kindApiPaths.listWatch(L, ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<ObjectList>(llmKeys.list(ns), (old) => ({
        ...foldWatchEvent(old, event, isLlm),
        warnings: old?.warnings ?? [],
      }));
    },
    onWarning: (err) => err.status === 403 && ns === '_all',
  });
}

/** Live details: the service's own stream into its query (its owned objects are not shown here). */
export function useLlmWatch(ns: string, name: string): StreamStatus {
  return useEventStreamStatus(kindApiPaths.objectWatch(L, ns, name), {
    onChange: (event, client) => {
      if (event.resource && event.resource !== L.plural) return;
      if (event.type === 'RESYNC') {
        const obj = event.items[0];
        if (obj) client.setQueryData(llmKeys.one(ns, name), obj);
        return;
      }
      if (event.type !== 'DELETED') client.setQueryData(llmKeys.one(ns, name), event.object);
    },
  });
}
