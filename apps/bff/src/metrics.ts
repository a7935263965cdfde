import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  upstreamInference: Histogram<'status'>;
  sseStreams: Gauge;
  accessReviews: Counter<'verdict'>;
  audits: Counter<'verb' | 'status'>;
};

/**
 * prom-client registry of this process (a new one per app, so tests do not collide). `sources` are read at each
 * scrape (gauges of what the process holds).
 */
export function createMetrics(
  defaults = true,
  sources: { upstreamWatches?: () => number; sharedWatches?: () => number } = {},
): Metrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: 'servedeck_bff_' });
  const upstreamWatches = sources.upstreamWatches;
  if (upstreamWatches) {
    new Gauge({
      name: 'servedeck_bff_upstream_watches',
      help: 'List-watches open against the apiserver (one per collection and namespace, shared or per user; lingering included)',
      registers: [registry],
      collect() {
        this.set(upstreamWatches());
      },
    });
  }
  const sharedWatches = sources.sharedWatches;
  if (sharedWatches) {
    new Gauge({
      name: 'servedeck_bff_shared_watches',
      help: 'Of the upstream list-watches, those shared between users whose access the apiserver confirmed',
      registers: [registry],
      collect() {
        this.set(sharedWatches());
      },
    });
  }
  return {
    registry,
    httpRequests: new Histogram({
      name: 'servedeck_bff_http_request_duration_seconds',
      help: 'HTTP requests by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstreamInference: new Histogram({
      name: 'servedeck_bff_inference_upstream_seconds',
      help: 'Time to response headers from the inference upstream',
      labelNames: ['status'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    accessReviews: new Counter({
      name: 'servedeck_bff_access_reviews_total',
      help: 'SelfSubjectAccessReviews asked before sharing a list-watch with a user, by answer (failed: no answer)',
      labelNames: ['verdict'],
      registers: [registry],
    }),
    sseStreams: new Gauge({ name: 'servedeck_bff_sse_streams', help: 'Open SSE streams', registers: [registry] }),
    audits: new Counter({
      name: 'servedeck_bff_changes_total',
      help: 'Change requests (audit log lines)',
      labelNames: ['verb', 'status'],
      registers: [registry],
    }),
  };
}
