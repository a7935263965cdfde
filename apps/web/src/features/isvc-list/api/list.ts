import { apiPaths, isvcPodCountsSchema, type RawList } from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from '@/lib/http';
import { isvcListQuery as sharedListQuery } from '@/lib/isvc-queries';
import { keys } from '@/lib/query-keys';

export type IsvcListData = RawList & { warnings: string[] };

export const isvcListQuery = (ns: string) =>
  queryOptions({
    ...sharedListQuery(ns),
    // Kept fresh by the watch stream, not by refetching.
    staleTime: Number.POSITIVE_INFINITY,
  });

export const podCountsQuery = (ns: string) =>
  queryOptions({
    queryKey: keys.isvcPodCounts(ns),
    queryFn: ({ signal }) => requestJson(apiPaths.isvcPodCounts(ns), isvcPodCountsSchema, { signal }),
    refetchInterval: 15_000,
    retry: false,
  });
