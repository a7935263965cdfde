import { apiPaths, foldWatchEvent } from '@servedeck/shared';
import { keys } from '@/lib/query-keys';
import { useEventStream } from '@/lib/watch';
import type { IsvcListData } from '../api/list';

const isIsvc = (o: Record<string, unknown>) => o.kind === undefined || o.kind === 'InferenceService';

/** Live updates: the namespace's watch stream folded into the list query's cache entry (setQueryData). */
export function useIsvcWatch(ns: string, enabled: boolean) {
  return useEventStream(enabled ? apiPaths.isvcsWatch(ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<IsvcListData>(keys.isvcList(ns), (old) => ({
        ...foldWatchEvent(old, event, isIsvc),
        warnings: old?.warnings ?? [],
      }));
    },
  });
}
