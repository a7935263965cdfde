import { apiPaths, isvcResourcesSchema, type ObjectList, objectListSchema, type RawObject } from '@servedeck/shared';
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

function versionKey(o: RawObject): string {
  const m = (o.metadata ?? {}) as { namespace?: string; name?: string; resourceVersion?: string };
  return `${m.namespace ?? ''}/${m.name ?? ''}@${m.resourceVersion ?? ''}`;
}

/**
 * A new list's objects (a RESYNC, a refetched list), with each one that has not changed since the list we hold
 * (same namespace, name and resourceVersion) replaced by the object we already have: row summaries are cached per
 * object, so a list of thousands re-parses only what changed. (The list query's own structural sharing is off: it
 * compared every object of the list on every watch event.)
 */
export function keepUnchanged(old: readonly RawObject[] | undefined, items: RawObject[]): RawObject[] {
  if (!old || old.length === 0) return items;
  const held = new Map<string, RawObject>();
  for (const o of old) held.set(versionKey(o), o);
  return items.map((o) => held.get(versionKey(o)) ?? o);
}

/**
 * The InferenceService list of a namespace (or `_all`). Kept fresh by the list page's watch stream (RESYNC and
 * changes folded in with setQueryData) and by writes' `meta.invalidates`, never by refetching on a timer: a
 * refetch racing the stream could put an older list over a newer one. A reader without a stream (the console)
 * asks for `refetchOnMount: 'always'`.
 *
 * The list page opens its stream first and sends this list once the stream has opened (useListAfterStream: the
 * BFF then answers it from the stream's own list-watch, one apiserver list for both); whichever answers first
 * fills the page. When the stream has written the list while this request was out, its answer is dropped for
 * what the stream wrote (newer, and kept current).
 */
export const isvcListQuery = (ns: string) =>
  queryOptions({
    queryKey: keys.isvcList(ns),
    queryFn: async ({ signal, client, queryKey }): Promise<ObjectList> => {
      const asked = Date.now();
      const listed = await requestJson(apiPaths.isvcs(ns), objectListSchema, { signal });
      const held = client.getQueryState<ObjectList>(queryKey);
      if (held?.data !== undefined && held.dataUpdatedAt >= asked) return held.data;
      return { ...listed, items: keepUnchanged(held?.data?.items, listed.items) };
    },
    staleTime: Number.POSITIVE_INFINITY,
    // TanStack's structural sharing walks the whole list on every setQueryData (Object.keys of the 20,000-item
    // arrays, then each object): with a watch event every few 100 ms that was the list page's largest cost. The
    // list keeps unchanged objects itself (keepUnchanged above, foldWatchEvent, the stream's RESYNC).
    structuralSharing: false,
  });

export type IsvcListData = ObjectList;
