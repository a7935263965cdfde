import {
  isvcMetricsSchema,
  type MetricsComponent,
  type MetricsRange,
  metricsPaths,
  namespaceRatesSchema,
} from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { asApiError, requestJson } from '@/lib/http';

export const metricsKeys = {
  isvc: (ns: string, name: string, range: MetricsRange, component: MetricsComponent | undefined) =>
    ['metrics', 'isvc', ns, name, range, component ?? ''] as const,
  namespace: (ns: string) => ['metrics', 'namespace', ns] as const,
};

/** Retry a failed metrics call once, except when retrying cannot help (not configured, forbidden, bad input). */
function retryOnce(count: number, err: unknown): boolean {
  const status = asApiError(err)?.status ?? 0;
  return count < 1 && (status === 0 || status >= 500);
}

export const isvcMetricsQuery = (
  ns: string,
  name: string,
  range: MetricsRange,
  component: MetricsComponent | undefined,
  refreshMs: number | false,
) =>
  queryOptions({
    queryKey: metricsKeys.isvc(ns, name, range, component),
    queryFn: ({ signal }) =>
      requestJson(metricsPaths.isvc(ns, name), isvcMetricsSchema, {
        query: { range, component },
        signal,
      }),
    refetchInterval: refreshMs,
    retry: retryOnce,
    placeholderData: (prev) => prev,
  });

/** Requests/s per InferenceService of a namespace (the list column); refreshed every 30 s. */
export const namespaceRatesQuery = (ns: string) =>
  queryOptions({
    queryKey: metricsKeys.namespace(ns),
    queryFn: ({ signal }) => requestJson(metricsPaths.namespace(ns), namespaceRatesSchema, { signal }),
    refetchInterval: 30_000,
    retry: retryOnce,
    staleTime: 10_000,
  });
