import type { IsvcMetrics, MetricPoint, MetricSeries, MetricsComponent, MetricsRange } from '@servedeck/shared';
import { PROMETHEUS_BUDGET_MS, type PromApi, type PromVector } from './prometheus-client';
import { isvcQueries, podMatcher, totalQueries } from './promql';
import { RANGES, rangeWindow } from './ranges';

export type IsvcMetricsRequest = {
  namespace: string;
  name: string;
  range: MetricsRange;
  /** Only this component's pods; absent: requests of the entry component, resources of all. */
  component: MetricsComponent | undefined;
  /** Whether the InferenceService has a transformer (it then takes the requests). */
  hasTransformer: boolean;
  /** Unix seconds. */
  now: number;
};

function finitePoints(values: Array<[number, string]>): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const [t, v] of values) {
    const n = Number(v);
    if (Number.isFinite(n)) out.push([t, n]);
  }
  return out;
}

function scalar(v: PromVector): number | null {
  const first = v[0];
  if (!first) return null;
  const n = Number(first.value[1]);
  return Number.isFinite(n) ? n : null;
}

/** Run the fixed query set for one InferenceService (in parallel, within the time budget). */
export async function isvcMetrics(prom: PromApi, r: IsvcMetricsRequest): Promise<IsvcMetrics> {
  const { start, end, step } = rangeWindow(r.range, r.now);
  const entryComponent: MetricsComponent = r.component ?? (r.hasTransformer ? 'transformer' : 'predictor');
  const entry = podMatcher(r.namespace, r.name, [entryComponent]);
  const all = podMatcher(r.namespace, r.name, r.component ? [r.component] : []);
  const spec = RANGES[r.range];
  // One budget for all queries; the first failure cancels the others.
  const failed = new AbortController();
  const signal = AbortSignal.any([failed.signal, AbortSignal.timeout(PROMETHEUS_BUDGET_MS)]);
  const queries = isvcQueries(entry, all, spec.window);
  const totals = totalQueries(entry, r.range);
  const cancelOnFailure = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      failed.abort(err);
      throw err;
    });
  const [matrices, requests, errors] = await Promise.all([
    Promise.all(queries.map((q) => cancelOnFailure(prom.queryRange(q.query, start, end, step, signal)))),
    cancelOnFailure(prom.query(totals.requests, end, signal)),
    cancelOnFailure(prom.query(totals.errors, end, signal)),
  ]);
  const series: MetricSeries[] = [];
  queries.forEach((q, i) => {
    for (const s of matrices[i] ?? []) {
      const points = finitePoints(s.values);
      if (points.length === 0) continue;
      series.push({ metric: q.metric, label: q.label ?? s.metric.outcome ?? '', unit: q.unit, points });
    }
  });
  return {
    namespace: r.namespace,
    name: r.name,
    ...(r.component ? { component: r.component } : {}),
    range: r.range,
    start,
    end,
    step,
    series,
    totals: { requests: scalar(requests), errors: scalar(errors) },
  };
}
