import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { csrfProtection, originCheck } from './auth/csrf';
import { requireSession } from './auth/require-session';
import { diagnosticsRoutes } from './diagnostics/routes';
import { graphRoutes } from './graph/routes';
import { historyRoutes } from './history/routes';
import { apiError } from './http/api-error';
import { BODY_LIMIT, JSON_TYPES, YAML_TYPES } from './http/body';
import { jsonCompression } from './http/compress';
import { errorHandler } from './http/errors';
import { assignRequestId } from './http/request-id';
import { securityHeaderList, setHeaders } from './http/security';
import { INFER_ROUTE } from './inference/infer-url';
import { inferenceLeanPath, registerLeanPath } from './inference/lean-path';
import type { ProxyDeps } from './inference/proxy';
import { llmRoutes } from './llm/routes';
import { PrometheusClient } from './metrics-query/prometheus-client';
import { metricsRoutes } from './metrics-query/routes';
import { authRoutes } from './routes/auth';
import type { RouteContext } from './routes/context';
import { isvcRelatedRoutes } from './routes/isvc-related';
import { isvcRoutes } from './routes/isvcs';
import { logRoutes } from './routes/logs';
import { meRoutes } from './routes/me';
import { schemaRoutes } from './routes/schema';
import { watchRoutes } from './routes/watch';
import type { Services } from './services';
import { trainedModelRoutes } from './trained-models/routes';

export type AppDeps = {
  /** Folder of the built web app; when absent only the API is served. */
  webDist: string | undefined;
  /** Readiness: resolves true when the apiserver (or whatever we depend on) answers. */
  isReady: () => Promise<boolean>;
  /** The API (auth, Kubernetes, inference); when absent only health and the web app are served. */
  services?: Services;
};

/** Build the Express app without listening, so tests can drive it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const s = deps.services;

  const proxyDeps: ProxyDeps | undefined = s && {
    cluster: s.cluster,
    dispatcher: s.inferDispatcher,
    isvcCache: s.isvcCache,
    target: { gatewayUrl: s.config.gatewayUrl, clusterLocalUrl: s.config.clusterLocalUrl },
    timeoutMs: s.config.inferTimeoutMs,
    maxBytes: s.config.inferMaxBytes,
    logger: s.logger,
    identityHeaders: [s.config.trustedHeaders.user, s.config.trustedHeaders.groups],
    observe: (sec, status) => s.metrics.upstreamInference.observe({ status: String(status) }, sec),
  };

  // the inference route's handler, also run before Express's router by the server (leanPathFirst)
  let lean: RequestHandler | undefined;
  if (s && proxyDeps) {
    app.set('trust proxy', s.config.trustedProxies.length > 0 ? s.config.trustedProxies : 'loopback');
    const headerList = securityHeaderList(s.config.publicUrl, s.config.oidc?.issuer);
    const inferRequests = new Map<string, { observe(v: number): void }>();
    // Inference requests take their own path, before the access log, sessions and helmet: the only inference
    // route (lean-path.ts).
    lean = inferenceLeanPath({
      proxy: proxyDeps,
      sessions: s.sessions.reader,
      auth: s.auth,
      publicOrigin: new URL(s.config.publicUrl).origin,
      securityHeaders: headerList,
      logger: s.logger,
      errorHandler: errorHandler(s.logger),
      observe: (method, status, seconds) => {
        const key = `${method} ${status}`;
        let child = inferRequests.get(key);
        if (!child) {
          child = s.metrics.httpRequests.labels({ method, route: INFER_ROUTE, status: String(status) });
          inferRequests.set(key, child);
        }
        child.observe(seconds);
      },
    });
    app.use(lean);
    app.use(
      pinoHttp({
        logger: s.logger,
        genReqId: assignRequestId,
        autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url.replace(/([?&](?:code|state)=)[^&]*/g, '$1[redacted]'),
          }),
        },
      }),
    );
    app.use((_req, res, next) => {
      setHeaders(res, headerList);
      next();
    });
    app.use((req, res, next) => {
      const start = performance.now();
      res.on('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        s.metrics.httpRequests.observe(
          { method: req.method, route, status: String(res.statusCode) },
          (performance.now() - start) / 1000,
        );
      });
      next();
    });
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  if (s && proxyDeps) {
    // ServeDeck's own /metrics is served on SERVEDECK_METRICS_PORT only (metrics-server.ts), not here.
    const ctx: RouteContext = {
      config: s.config,
      cluster: s.cluster,
      auth: s.auth,
      logger: s.logger,
      hub: s.hub,
      access: s.access,
      streams: s.streams,
      metrics: s.metrics,
      namespaceCache: s.namespaceCache,
    };
    app.use(['/api', '/auth'], s.sessions.middleware);
    // JSON answers compressed (never event streams or followed logs: http/compress.ts)
    app.use('/api', jsonCompression());
    app.use(authRoutes(ctx, s.oidc));
    app.use('/api', originCheck(s.config.publicUrl), requireSession(s.auth), csrfProtection());
    app.use(
      '/api',
      express.json({ limit: BODY_LIMIT, type: JSON_TYPES }),
      express.text({ limit: BODY_LIMIT, type: YAML_TYPES }),
    );
    app.use(meRoutes(ctx));
    app.use(isvcRoutes(ctx));
    app.use(graphRoutes(ctx));
    app.use(trainedModelRoutes(ctx));
    app.use(llmRoutes(ctx));
    app.use(isvcRelatedRoutes(ctx));
    app.use(historyRoutes(ctx));
    app.use(watchRoutes(ctx));
    app.use(logRoutes(ctx));
    app.use(diagnosticsRoutes(ctx, proxyDeps));
    app.use(schemaRoutes(ctx));
    app.use(metricsRoutes(ctx, s.config.prometheus && new PrometheusClient(s.config.prometheus)));
    app.use('/api', (_req, _res, next) => next(apiError(404, 'NotFound', 'No such API route')));
  }

  if (deps.webDist && existsSync(join(deps.webDist, 'index.html'))) {
    const dist = deps.webDist;
    const basePath = s?.config.basePath ?? '';
    // The web app's files are compressed (API JSON answers are too, above; event streams never: they must flush).
    const compress = compression();
    // Hashed assets never change: cache them for a year. index.html must always be revalidated.
    app.use(
      '/assets',
      compress,
      express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
    );
    app.use(compress, express.static(dist, { index: false, maxAge: 0 }));
    app.get(/^\/(?!api\/|auth\/).*/, compress, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      if (!basePath) {
        res.sendFile(join(dist, 'index.html'));
        return;
      }
      res.type('html').send(indexWithBase(join(dist, 'index.html'), basePath));
    });
  }
  if (s) app.use(errorHandler(s.logger));
  if (!s?.config.basePath) {
    if (lean) registerLeanPath(app, app, lean, '');
    return app;
  }
  // Served under a path prefix (Kubeflow: /servedeck): probes stay at the root, everything else below it.
  const outer = express();
  outer.disable('x-powered-by');
  outer.get(['/healthz', '/readyz'], app);
  outer.use(s.config.basePath, app);
  if (lean) registerLeanPath(outer, app, lean, s.config.basePath);
  return outer;
}

const indexCache = new Map<string, string>();

/** index.html with `<meta name="servedeck-base" content="/prefix">`, so the SPA knows its base path. */
export function indexWithBase(file: string, basePath: string): string {
  const key = `${file}\u0000${basePath}`;
  let html = indexCache.get(key);
  if (html === undefined) {
    const safe = basePath.replace(/[&"<>]/g, '');
    const meta = `<meta name="servedeck-base" content="${safe}">`;
    // The build's assets are relative (`base: './'`) to `<base href>`: point it under the prefix too.
    const raw = readFileSync(file, 'utf8').replace(/<base\s+href="[^"]*"\s*\/?>/i, `<base href="${safe}/" />`);
    html = /<head[^>]*>/i.test(raw) ? raw.replace(/<head[^>]*>/i, (m) => `${m}${meta}`) : `${meta}${raw}`;
    indexCache.set(key, html);
  }
  return html;
}
