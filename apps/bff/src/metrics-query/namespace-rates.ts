import type { NamespaceRates } from '@servedeck/shared';
import { TtlCache } from '../http/ttl-cache';
import { PROMETHEUS_BUDGET_MS, type PromApi } from './prometheus-client';
import { namespaceRateQuery } from './promql';

/** How long one namespace's answer is shared (between users who each passed their own authorisation). */
export const NAMESPACE_RATES_TTL_MS = 5_000;

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
    const at = Math.floor(this.nowMs() / 1000);
    const v = await this.prom.query(namespaceRateQuery(namespace), at, AbortSignal.timeout(PROMETHEUS_BUDGET_MS));
    // The entry component takes the requests: the transformer when there is one, else the predictor.
    const byIsvc = new Map<string, { transformer?: number; predictor?: number }>();
    for (const s of v) {
      const isvc = s.metric.isvc;
      const component = s.metric.component;
      const n = Number(s.value[1]);
      if (!isvc || !Number.isFinite(n) || (component !== 'transformer' && component !== 'predictor')) continue;
      const e = byIsvc.get(isvc) ?? {};
      e[component] = (e[component] ?? 0) + n;
      byIsvc.set(isvc, e);
    }
    const rates: Record<string, number> = {};
    for (const [isvc, e] of byIsvc) rates[isvc] = e.transformer ?? e.predictor ?? 0;
    return { namespace, at, window: '5m', rates };
  }
}
