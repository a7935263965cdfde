import { apiPaths, objectListSchema, STOP_ANNOTATION, writeResultSchema } from '@servedeck/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { requestJson } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export const eventsQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: keys.isvcEvents(ns, name),
    queryFn: ({ signal }) => requestJson(apiPaths.isvcEvents(ns, name), objectListSchema, { signal }),
  });

export function useDeleteIsvc(ns: string, name: string) {
  return useMutation({
    mutationFn: () => requestJson(apiPaths.isvc(ns, name), z.unknown(), { method: 'DELETE' }),
    meta: { invalidates: [keys.isvcs] },
  });
}

/** Stop or start: KServe's `serving.kserve.io/stop` annotation, set with a JSON merge patch. */
export function useSetStopped(ns: string, name: string) {
  return useMutation({
    mutationFn: (stopped: boolean) =>
      requestJson(apiPaths.isvc(ns, name), writeResultSchema, {
        method: 'PATCH',
        json: { metadata: { annotations: { [STOP_ANNOTATION]: stopped ? 'true' : null } } },
        contentType: 'application/merge-patch+json',
      }),
    meta: { invalidates: [keys.isvc(ns, name), keys.isvcList(ns)] },
  });
}

export { isvcQuery, resourcesQuery } from '@/lib/isvc-queries';
