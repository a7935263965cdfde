import { apiPaths, foldWatchEvent, type ObjectList } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { isvcListQuery } from '@/lib/isvc-queries';
import { keys } from '@/lib/query-keys';
import { useEventStreamStatus } from '@/lib/watch';
import { type ServiceStates, serviceStates } from '../components/step-state';

const isIsvc = (o: Record<string, unknown>) => o.kind === undefined || o.kind === 'InferenceService';

/**
 * The readiness of the namespace's InferenceServices, live: the list the user can read, kept current by its
 * watch stream (folded into the shared list query, as the list page does), so a step turns green when its
 * service becomes ready.
 */
export function useServiceStates(ns: string): ServiceStates {
  const list = useQuery(isvcListQuery(ns));
  useEventStreamStatus(list.isSuccess ? apiPaths.isvcsWatch(ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<ObjectList>(keys.isvcList(ns), (old) => ({
        ...foldWatchEvent(old, event, isIsvc),
        warnings: old?.warnings ?? [],
      }));
    },
  });
  return useMemo(() => serviceStates(list.data?.items), [list.data]);
}
