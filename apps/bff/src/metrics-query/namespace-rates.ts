import type { NamespaceRates } from '@servedeck/shared';
import { TtlCache } from '../http/ttl-cache';
import { PROMETHEUS_BUDGET_MS, type PromApi } from './prometheus-client';
import { namespaceRateQuery } from './promql';

/** How long one namespace's answer is shared (between users who each passed their own authorisation). */
export const NAMESPACE_RATES_TTL_MS = 5_000;
/** The list's sparkline: the last 30 minutes, a point a minute. */
export const HISTORY_S = 30 * 60;
export const HISTORY_STEP_S = 60;

/**
 * Requests/s per InferenceService of a namespace, one Prometheus query per namespace every few seconds.
 * Callers authorise the user first; the cache is keyed by namespace only.
 */
export class NamespaceRatesCache {
  private readonly cache: TtlCache<Promise<NamespaceRates> | NamespaceRates>;

  constructor(
    private readonly prom: PromApi,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.cache = new TtlCache(NAMESPACE_RATES_TTL_MS, 1000, nowMs);
  }

  get(namespace: string): Promise<NamespaceRates | Promise<NamespaceRates>> {
    return this.cache.getOrLoad(namespace, () => this.load(namespace));
  }

  private async load(namespace: string): Promise<NamespaceRates> {
    const step = HISTORY_STEP_S;
    const end = Math.floor(this.nowMs() / 1000 / step) * step;
    const start = end - HISTORY_S;
    const points = HISTORY_S / step + 1;
    const m = await this.prom.queryRange(
      namespaceRateQuery(namespace),
      start,
      end,
      step,
      AbortSignal.timeout(PROMETHEUS_BUDGET_MS),
    );
    // The entry component takes the requests: the transformer when there is one, else the predictor.
    const byIsvc = new Map<string, { transformer?: number[]; predictor?: number[] }>();
    for (const s of m) {
      const { isvc, component } = s.metric;
      if (!isvc || (component !== 'transformer' && component !== 'predictor')) continue;
      const e = byIsvc.get(isvc) ?? {};
      const line = e[component] ?? new Array<number>(points).fill(0);
      for (const [t, v] of s.values) {
        const i = Math.round((t - start) / step);
        const n = Number(v);
        if (i >= 0 && i < points && Number.isFinite(n)) line[i] = (line[i] ?? 0) + n;
      }
      e[component] = line;
      byIsvc.set(isvc, e);
    }
    const rates: Record<string, number> = {};
    const history: Record<string, number[]> = {};
    for (const [isvc, e] of byIsvc) {
      const line = e.transformer ?? e.predictor ?? [];
      history[isvc] = line;
      rates[isvc] = line.at(-1) ?? 0;
    }
    return { namespace, start, step, window: '5m', rates, history };
  }
}
