import { apiPaths, isvcResourcesSchema, type ObjectList, objectListSchema } from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { requestJson } from './http';
import { keys } from './query-keys';

/** Queries more than one feature reads (details, editor, logs, console): one definition, one cache entry. */
export const rawObjectSchema = z.record(z.string(), z.unknown());

export const isvcQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: keys.isvc(ns, name),
    queryFn: ({ signal }) => requestJson(apiPaths.isvc(ns, name), rawObjectSchema, { signal }),
  });

export const resourcesQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: keys.isvcResources(ns, name),
    queryFn: ({ signal }) => requestJson(apiPaths.isvcResources(ns, name), isvcResourcesSchema, { signal }),
  });

/**
 * The InferenceService list of a namespace (or `_all`). Kept fresh by the list page's watch stream (RESYNC and
 * changes folded in with setQueryData) and by writes' `meta.invalidates`, never by refetching on a timer: a
 * refetch racing the stream could put an older list over a newer one. A reader without a stream (the console)
 * asks for `refetchOnMount: 'always'`.
 *
 * The list page opens its stream together with this list (known issue 2: the first load waited for the list,
 * then for the stream's RESYNC): whichever answers first fills the page. When the stream has written the list
 * while this request was out, its answer is dropped for what the stream wrote (newer, and kept current).
 */
export const isvcListQuery = (ns: string) =>
  queryOptions({
    queryKey: keys.isvcList(ns),
    queryFn: async ({ signal, client, queryKey }): Promise<ObjectList> => {
      const asked = Date.now();
      const listed = await requestJson(apiPaths.isvcs(ns), objectListSchema, { signal });
      const held = client.getQueryState<ObjectList>(queryKey);
      return held?.data !== undefined && held.dataUpdatedAt >= asked ? held.data : listed;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });

export type IsvcListData = ObjectList;
