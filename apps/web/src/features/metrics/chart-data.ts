/** From the BFF's metrics answer to the charts the tab draws: pure, unit-converted, aligned for uPlot. */
import type { IsvcMetrics, MetricId, MetricPoint } from '@servedeck/shared';
import type { MetricsKey } from './messages';

export type ChartId = 'requests' | 'latency' | 'errorRatio' | 'cpu' | 'memory' | 'readyReplicas' | 'tokens';

export type ChartLine = {
  /** A catalogue key (`series.p95`) or a literal label from the data (`2xx`). */
  label: { key: MetricsKey } | { text: string };
  points: MetricPoint[];
};

export type ChartDef = {
  id: ChartId;
  title: MetricsKey;
  unit: MetricsKey;
  /** Decimals shown for values. */
  decimals: number;
  lines: ChartLine[];
  /** Why the chart is empty, when it is. */
  empty: MetricsKey;
};

const scaled = (points: MetricPoint[], k: number): MetricPoint[] => points.map(([t, v]) => [t, v * k]);

function linesOf(m: IsvcMetrics, metric: MetricId, k = 1): ChartLine[] {
  return m.series
    .filter((s) => s.metric === metric)
    .map((s) => ({
      label:
        s.label === 'all' || s.label === 'prompt' || s.label === 'generated'
          ? { key: `series.${s.label}` as MetricsKey }
          : s.label
            ? { text: s.label }
            : { key: 'series.value' as MetricsKey },
      points: scaled(s.points, k),
    }));
}

/** The charts of the Metrics tab, in order; `tokens` only when the runtime exports token counts. */
export function chartsOf(m: IsvcMetrics): ChartDef[] {
  const latency: ChartLine[] = (['latencyP50', 'latencyP95', 'latencyP99'] as const).flatMap((id) => {
    const s = m.series.find((x) => x.metric === id);
    const key = `series.${id.slice(-3).toLowerCase()}` as MetricsKey;
    return s ? [{ label: { key }, points: scaled(s.points, 1000) }] : [];
  });
  const charts: ChartDef[] = [
    {
      id: 'requests',
      title: 'charts.requests',
      unit: 'units.reqPerSec',
      decimals: 2,
      lines: linesOf(m, 'requests'),
      empty: 'empty.noTraffic',
    },
    { id: 'latency', title: 'charts.latency', unit: 'units.ms', decimals: 1, lines: latency, empty: 'empty.noLatency' },
    {
      id: 'errorRatio',
      title: 'charts.errorRatio',
      unit: 'units.percent',
      decimals: 1,
      lines: linesOf(m, 'errorRatio', 100),
      empty: 'empty.noErrors',
    },
    {
      id: 'cpu',
      title: 'charts.cpu',
      unit: 'units.cores',
      decimals: 3,
      lines: linesOf(m, 'cpu'),
      empty: 'empty.noResources',
    },
    {
      id: 'memory',
      title: 'charts.memory',
      unit: 'units.mib',
      decimals: 1,
      lines: linesOf(m, 'memory', 1 / (1024 * 1024)),
      empty: 'empty.noResources',
    },
    {
      id: 'readyReplicas',
      title: 'charts.readyReplicas',
      unit: 'units.replicas',
      decimals: 0,
      lines: linesOf(m, 'readyReplicas'),
      empty: 'empty.noResources',
    },
  ];
  const tokens = linesOf(m, 'tokens');
  if (tokens.length > 0) {
    charts.push({
      id: 'tokens',
      title: 'charts.tokens',
      unit: 'units.tokensPerSec',
      decimals: 1,
      lines: tokens,
      empty: 'empty.noTokens',
    });
  }
  return charts;
}

/** uPlot's AlignedData: x = every step from start to end (seconds), each line's values or null there. */
export function aligned(
  start: number,
  end: number,
  step: number,
  lines: ChartLine[],
): [number[], ...(number | null)[][]] {
  const xs: number[] = [];
  for (let t = start; t <= end; t += step) xs.push(t);
  const ys = lines.map((l) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of l.points) {
      const i = Math.round((t - start) / step);
      if (i >= 0 && i < out.length) out[i] = v;
    }
    return out;
  });
  return [xs, ...ys];
}

/** Auto-refresh period for a range: about every other point, never faster than 10 s. */
export function refreshSeconds(step: number): number {
  return Math.max(10, step * 2);
}
