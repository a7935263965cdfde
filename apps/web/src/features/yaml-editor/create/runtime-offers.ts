import {
  apiPaths,
  objectListSchema,
  parseEach,
  type RuntimeOffer,
  runtimeOffers,
  servingRuntimeSchema,
} from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { requestJson } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export type RuntimeOffersState = {
  offers: RuntimeOffer[];
  loading: boolean;
  /** A list that could not be read (e.g. no permission to list ClusterServingRuntimes): the rest is offered. */
  failed: { kind: 'namespaced' | 'cluster'; error: unknown }[];
};

/** The runtimes the user can see in `ns` and cluster-wide (same cache entries as the Runtimes page). */
export function useRuntimeOffers(ns: string): RuntimeOffersState {
  const namespaced = useQuery({
    queryKey: keys.runtimes(ns),
    queryFn: ({ signal }) => requestJson(apiPaths.servingRuntimes(ns), objectListSchema, { signal }),
    enabled: ns !== '',
  });
  const cluster = useQuery({
    queryKey: keys.clusterRuntimes,
    queryFn: ({ signal }) => requestJson(apiPaths.clusterServingRuntimes(), objectListSchema, { signal }),
    staleTime: 60_000,
  });
  return useMemo(() => {
    const failed: RuntimeOffersState['failed'] = [];
    if (namespaced.isError) failed.push({ kind: 'namespaced', error: namespaced.error });
    if (cluster.isError) failed.push({ kind: 'cluster', error: cluster.error });
    return {
      offers: runtimeOffers(
        parseEach(servingRuntimeSchema, namespaced.data?.items ?? []),
        parseEach(servingRuntimeSchema, cluster.data?.items ?? []),
      ),
      loading: namespaced.isPending || cluster.isPending,
      failed,
    };
  }, [
    namespaced.data,
    namespaced.isError,
    namespaced.error,
    namespaced.isPending,
    cluster.data,
    cluster.isError,
    cluster.error,
    cluster.isPending,
  ]);
}
