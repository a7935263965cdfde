import { apiPaths, objectListSchema } from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export const servingRuntimesQuery = (ns: string) =>
  queryOptions({
    queryKey: keys.runtimes(ns),
    queryFn: ({ signal }) => requestJson(apiPaths.servingRuntimes(ns), objectListSchema, { signal }),
    enabled: ns !== '',
  });

export const clusterRuntimesQuery = queryOptions({
  queryKey: keys.clusterRuntimes,
  queryFn: ({ signal }) => requestJson(apiPaths.clusterServingRuntimes(), objectListSchema, { signal }),
  staleTime: 60_000,
});
