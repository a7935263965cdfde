import { apiPaths, isvcPodCountsSchema } from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export { type IsvcListData, isvcListQuery } from '@/lib/isvc-queries';

export const podCountsQuery = (ns: string) =>
  queryOptions({
    queryKey: keys.isvcPodCounts(ns),
    queryFn: ({ signal }) => requestJson(apiPaths.isvcPodCounts(ns), isvcPodCountsSchema, { signal }),
    refetchInterval: 15_000,
    retry: false,
  });
