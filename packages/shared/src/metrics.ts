/**
 * Live metrics of InferenceServices, read by the BFF from Prometheus (issue 15). The browser never sends
 * PromQL: it names a range (and optionally a component); the BFF builds the queries.
 */
import { z } from 'zod';

const enc = encodeURIComponent;

/** Time ranges the metrics route accepts, newest last. */
export const METRICS_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export const metricsRangeSchema = z.enum(METRICS_RANGES);
export type MetricsRange = z.infer<typeof metricsRangeSchema>;

export const METRICS_COMPONENTS = ['predictor', 'transformer', 'explainer'] as const;
export const metricsComponentSchema = z.enum(METRICS_COMPONENTS);
export type MetricsComponent = z.infer<typeof metricsComponentSchema>;

/** The fixed set of series one InferenceService's metrics answer holds. */
export const METRIC_IDS = [
  'requests',
  'errorRatio',
  'latencyP50',
  'latencyP95',
  'latencyP99',
  'cpu',
  'memory',
  'readyReplicas',
  'tokens',
] as const;
export const metricIdSchema = z.enum(METRIC_IDS);
export type MetricId = z.infer<typeof metricIdSchema>;

/** Units as sent: seconds and bytes (the UI shows ms and MiB). */
export const metricUnitSchema = z.enum(['req/s', 'ratio', 's', 'cores', 'bytes', 'replicas', 'tokens/s']);
export type MetricUnit = z.infer<typeof metricUnitSchema>;

/** `[unix seconds, value]`; points where Prometheus has no finite value are left out. */
export const metricPointSchema = z.tuple([z.number(), z.number()]);
export type MetricPoint = z.infer<typeof metricPointSchema>;

export const metricSeriesSchema = z.object({
  metric: metricIdSchema,
  /** What tells this line from the others of the same metric: an outcome (`2xx`, `5xx`, `all`) or ''. */
  label: z.string(),
  unit: metricUnitSchema,
  points: z.array(metricPointSchema),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const isvcMetricsSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  component: metricsComponentSchema.optional(),
  range: metricsRangeSchema,
  /** Unix seconds; `end - start` is the range, `step` the distance between points. */
  start: z.number(),
  end: z.number(),
  step: z.number(),
  series: z.array(metricSeriesSchema),
  /** Requests and 5xx answers over the whole range (null: no server of this InferenceService exports them). */
  totals: z.object({ requests: z.number().nullable(), errors: z.number().nullable() }),
});
export type IsvcMetrics = z.infer<typeof isvcMetricsSchema>;

/**
 * Requests per second of each InferenceService of a namespace (rate over 5 minutes), for the list's
 * sparkline column: the last 30 minutes at one point a minute. Services without traffic are absent.
 */
export const namespaceRatesSchema = z.object({
  namespace: z.string(),
  /** Unix seconds of the first point; points are `step` seconds apart. */
  start: z.number(),
  step: z.number(),
  window: z.literal('5m'),
  /** InferenceService name → the latest requests/s. */
  rates: z.record(z.string(), z.number()),
  /** InferenceService name → requests/s at start, start + step, ... (0 where Prometheus had nothing). */
  history: z.record(z.string(), z.array(z.number())),
});
export type NamespaceRates = z.infer<typeof namespaceRatesSchema>;

/** Error reasons of the metrics routes. */
export const METRICS_NOT_CONFIGURED = 'MetricsNotConfigured';
export const METRICS_UNAVAILABLE = 'MetricsUnavailable';

export const metricsPaths = {
  /** GET. Query: range (default 1h), component. */
  isvc: (ns: string, name: string) => `/api/namespaces/${enc(ns)}/inferenceservices/${enc(name)}/metrics`,
  /** GET: requests/s per InferenceService of the namespace (not ALL_NAMESPACES). */
  namespace: (ns: string) => `/api/namespaces/${enc(ns)}/inferenceservice-metrics`,
} as const;
