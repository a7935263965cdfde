/**
 * The fixed PromQL ServeDeck sends to Prometheus. Only names (validated DNS-1123 names, escaped again
 * here) and a range window enter a query; the browser never sends PromQL.
 *
 * Label conventions (kube-prometheus PodMonitors, cAdvisor and kube-state-metrics all use them):
 * `namespace` and `pod` on every series. A pod belongs to InferenceService NAME when its name is
 * `NAME-<component>-...` (KServe's Deployment/Knative revision names).
 *
 * Sources per series:
 * - requests by outcome: starlette-exporter's `rest_server_requests_total` (MLServer, label `status_code`),
 *   else KServe ModelServer's `request_predict_seconds_count` (no status: outcome `all`).
 * - latency: `rest_server_request_duration_seconds` (MLServer, whole request), else KServe ModelServer's
 *   `request_predict_seconds` (the predict step).
 * - CPU / memory: cAdvisor `container_cpu_usage_seconds_total`, `container_memory_working_set_bytes`.
 * - ready replicas: kube-state-metrics `kube_pod_status_ready`, else pods whose scrape is up.
 * - tokens: vLLM's `vllm:prompt_tokens_total` / `vllm:generation_tokens_total` (OpenAI-style runtimes).
 */
import type { MetricId, MetricsComponent, MetricUnit } from '@servedeck/shared';

/** A label value inside double quotes: backslash, quote and newline escaped (PromQL string rules). */
export function quoteLabel(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A literal inside an RE2 regex (then quoted as a label value by the caller). */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ALL_COMPONENTS: readonly MetricsComponent[] = ['predictor', 'transformer', 'explainer'];

/** `namespace="ns",pod=~"name-(predictor|...)-.+"`: the pods of the given components of one InferenceService. */
export function podMatcher(namespace: string, name: string, components: readonly MetricsComponent[]): string {
  const comps = components.length > 0 ? components : ALL_COMPONENTS;
  return `namespace=${quoteLabel(namespace)},pod=~${quoteLabel(`${regexLiteral(name)}-(${comps.join('|')})-.+`)}`;
}

const INFER_PATH = 'path=~".*/infer"';
const NOT_POD_SANDBOX = 'container!="",container!="POD"';

export type SeriesQuery = { metric: MetricId; unit: MetricUnit; label?: string; query: string };

/**
 * Range queries for one InferenceService. `entry` selects the pods that take requests (the transformer when
 * there is one), `all` the pods whose resources count; `w` is the rate window (`1m`).
 */
export function isvcQueries(entry: string, all: string, w: string): SeriesQuery[] {
  const reqs = `rest_server_requests_total{${entry},${INFER_PATH}}`;
  const predictCount = `request_predict_seconds_count{${entry}}`;
  const quantile = (q: number): string =>
    `histogram_quantile(${q}, sum by (le) (rate(rest_server_request_duration_seconds_bucket{${entry},${INFER_PATH}}[${w}])) or sum by (le) (rate(request_predict_seconds_bucket{${entry}}[${w}])))`;
  return [
    {
      metric: 'requests',
      unit: 'req/s',
      query: `sum by (outcome) (label_replace(rate(${reqs}[${w}]), "outcome", "\${1}xx", "status_code", "([0-9]).*")) or label_replace(sum(rate(${predictCount}[${w}])), "outcome", "all", "__name__", ".*")`,
    },
    {
      metric: 'errorRatio',
      unit: 'ratio',
      query: `(sum(rate(rest_server_requests_total{${entry},${INFER_PATH},status_code=~"5.."}[${w}])) or vector(0)) / sum(rate(${reqs}[${w}]))`,
    },
    { metric: 'latencyP50', unit: 's', query: quantile(0.5) },
    { metric: 'latencyP95', unit: 's', query: quantile(0.95) },
    { metric: 'latencyP99', unit: 's', query: quantile(0.99) },
    {
      metric: 'cpu',
      unit: 'cores',
      query: `sum(rate(container_cpu_usage_seconds_total{${all},${NOT_POD_SANDBOX}}[${w}]))`,
    },
    {
      metric: 'memory',
      unit: 'bytes',
      query: `sum(container_memory_working_set_bytes{${all},${NOT_POD_SANDBOX}})`,
    },
    {
      metric: 'readyReplicas',
      unit: 'replicas',
      query: `sum(kube_pod_status_ready{${all},condition="true"}) or count(count by (pod) (up{${all}} == 1))`,
    },
    {
      metric: 'tokens',
      unit: 'tokens/s',
      label: 'prompt',
      query: `sum(rate({__name__="vllm:prompt_tokens_total",${entry}}[${w}]))`,
    },
    {
      metric: 'tokens',
      unit: 'tokens/s',
      label: 'generated',
      query: `sum(rate({__name__="vllm:generation_tokens_total",${entry}}[${w}]))`,
    },
  ];
}

/**
 * Instant queries: requests and 5xx answers over the whole range `r` (`15m`), as each counter's largest minus
 * smallest value in it (exact while no server restarted; increase() would extrapolate to the range's edges).
 */
export function totalQueries(entry: string, r: string): { requests: string; errors: string } {
  const grown = (sel: string) => `sum(max_over_time(${sel}[${r}]) - min_over_time(${sel}[${r}]))`;
  const reqs = `rest_server_requests_total{${entry},${INFER_PATH}}`;
  return {
    requests: `${grown(reqs)} or ${grown(`request_predict_seconds_count{${entry}}`)}`,
    errors: `${grown(`rest_server_requests_total{${entry},${INFER_PATH},status_code=~"5.."}`)} or 0 * ${grown(reqs)}`,
  };
}

/**
 * Requests/s per InferenceService and component of a namespace over 5 minutes (list column):
 * the InferenceService name is taken from the pod name.
 */
export function namespaceRateQuery(namespace: string): string {
  const ns = `namespace=${quoteLabel(namespace)}`;
  const re = '"(.+)-(predictor|transformer|explainer)-.+"';
  const rates = `rate(rest_server_requests_total{${ns},${INFER_PATH}}[5m]) or rate(request_predict_seconds_count{${ns}}[5m])`;
  return `sum by (isvc, component) (label_replace(label_replace(${rates}, "isvc", "$1", "pod", ${re}), "component", "$2", "pod", ${re}))`;
}
