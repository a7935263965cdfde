import { METRICS_NOT_CONFIGURED, METRICS_RANGES, metricsComponentSchema, metricsRangeSchema } from '@servedeck/shared';
import { type Request, Router } from 'express';
import { apiError } from '../http/api-error';
import { nameParam, nsParam, queryString } from '../http/params';
import { isRecord } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { type RouteContext, requestClient } from '../routes/context';
import { isvcMetrics } from './isvc-metrics';
import { NamespaceRatesCache } from './namespace-rates';
import type { PromApi } from './prometheus-client';

function notConfigured() {
  return apiError(
    404,
    METRICS_NOT_CONFIGURED,
    'Metrics are not configured: set SERVEDECK_PROMETHEUS_URL to the Prometheus (or Thanos querier) of the cluster',
  );
}

function rangeOf(req: Request) {
  const raw = queryString(req, 'range') ?? '1h';
  const parsed = metricsRangeSchema.safeParse(raw);
  if (!parsed.success) {
    throw apiError(400, 'BadRequest', `range must be one of ${METRICS_RANGES.join(', ')}`, {
      causes: [{ field: 'range', message: `unsupported value ${JSON.stringify(raw.slice(0, 40))}` }],
    });
  }
  return parsed.data;
}

function componentOf(req: Request) {
  const raw = queryString(req, 'component');
  if (raw === undefined || raw === '') return undefined;
  const parsed = metricsComponentSchema.safeParse(raw);
  if (!parsed.success) {
    throw apiError(400, 'BadRequest', 'component must be predictor, transformer or explainer', {
      causes: [{ field: 'component', message: `unsupported value ${JSON.stringify(raw.slice(0, 40))}` }],
    });
  }
  return parsed.data;
}

/**
 * Metrics routes. Each one first reads (as the user) what it reports on, so the apiserver's RBAC decides;
 * only then does the BFF query Prometheus with its own credentials.
 */
export function metricsRoutes(ctx: RouteContext, prom: PromApi | undefined, now: () => number = Date.now): Router {
  const r = Router();
  const rates = prom ? new NamespaceRatesCache(prom, now) : undefined;

  r.get('/api/namespaces/:ns/inferenceservices/:name/metrics', async (req, res) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const range = rangeOf(req);
    const component = componentOf(req);
    if (!prom) throw notConfigured();
    const isvc = await requestClient(ctx, req).call('GET', k8sPaths.isvc(ns, name));
    const spec = isRecord(isvc.body) && isRecord(isvc.body.spec) ? isvc.body.spec : {};
    const body = await isvcMetrics(prom, {
      namespace: ns,
      name,
      range,
      component,
      hasTransformer: isRecord(spec.transformer),
      now: Math.floor(now() / 1000),
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  r.get('/api/namespaces/:ns/inferenceservice-metrics', async (req, res) => {
    const ns = nsParam(req);
    if (!rates) throw notConfigured();
    // The user's own authorisation first (may they list InferenceServices here?), then the shared answer.
    await requestClient(ctx, req).call('GET', k8sPaths.isvcs(ns), { query: { limit: 1 } });
    res.setHeader('Cache-Control', 'no-store');
    res.json(await rates.get(ns));
  });
  return r;
}
