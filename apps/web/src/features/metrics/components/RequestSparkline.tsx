import { METRICS_NOT_CONFIGURED, type NamespaceRates } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useFormat } from '@/i18n';
import { asApiError } from '@/lib/http';
import { namespaceRatesQuery } from '../api/metrics';
import { useMetricsT } from '../i18n';
import '../load-test.css';

/**
 * Requests/s of a namespace's InferenceServices for the list column. `configured` is true once the BFF has
 * answered with rates (false on 404 MetricsNotConfigured): the list shows the column only then. Not for all namespaces.
 */
export function useNamespaceRates(
  ns: string,
  enabled = true,
): { configured: boolean; rates: NamespaceRates | undefined } {
  const q = useQuery({ ...namespaceRatesQuery(ns), enabled });
  const notConfigured = asApiError(q.error)?.reason === METRICS_NOT_CONFIGURED;
  // shown once a first answer came (no column flashing in and out while the BFF says "not configured")
  return { configured: enabled && !notConfigured && q.data !== undefined, rates: q.data };
}

/** The list column's header text. */
export function useRequestsColumnLabel(): string {
  return useMetricsT()('list.column');
}

/** A small line of requests/min over the last 30 minutes, with the latest value. */
export function RequestSparkline({ rates, name }: { rates: NamespaceRates | undefined; name: string }) {
  const t = useMetricsT();
  const fmt = useFormat();
  const line = rates?.history[name];
  if (!rates) return <span className="muted">—</span>;
  if (!line || line.every((v) => v === 0)) {
    return (
      <span className="muted" title={t('list.none')}>
        0
      </span>
    );
  }
  const perMin = line.map((v) => v * 60);
  const max = Math.max(...perMin, 1e-9);
  const w = 60;
  const h = 16;
  const pts = perMin
    .map((v, i) => `${((i / Math.max(1, perMin.length - 1)) * w).toFixed(1)},${(h - (v / max) * h).toFixed(1)}`)
    .join(' ');
  const now = perMin.at(-1) ?? 0;
  const label = t('list.perMinute', { value: fmt.number(Math.round(now * 10) / 10) });
  return (
    <span className="metrics-spark" title={label}>
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
        <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className="sr-only">{label}</span>
      <span aria-hidden="true">{fmt.number(Math.round(now))}</span>
    </span>
  );
}
