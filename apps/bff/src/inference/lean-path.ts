import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { csrfTokenRefusal, forgeryRefusal } from '../auth/csrf';
import { type Authenticator, unauthenticated } from '../auth/require-session';
import type { SessionReader } from '../auth/session-reader';
import { HttpApiError } from '../http/api-error';
import { assignRequestId } from '../http/request-id';
import { type HeaderList, setHeaders } from '../http/security';
import type { Logger } from '../logger';
import { checkGraphPath } from './graph-target';
import { type InferUrl, inferTarget, matchInferUrl } from './infer-url';
import { checkLlmPath } from './llm-target';
import { checkProtocolPath } from './protocol-path';
import { forwardInference, type ProxyDeps, splitQuery } from './proxy';

export type LeanPathDeps = {
  proxy: ProxyDeps;
  sessions: SessionReader;
  auth: Authenticator;
  /** SERVEDECK_PUBLIC_URL's origin: the only Origin a browser may send on a write. */
  publicOrigin: string;
  securityHeaders: HeaderList;
  logger: Logger;
  errorHandler: ErrorRequestHandler;
  /** Duration of the whole request, by method and status (the http histogram). */
  observe: (method: string, status: number, seconds: number) => void;
};

/**
 * The inference route, `/api/namespaces/:ns/inferenceservices/:name/infer/*` (INFER_ROUTE), and where
 * every inference request is checked. It runs without the Express stack: every other route
 * runs the access log, express-session, helmet, the metrics middleware and the CSRF middleware; this one
 * does the same checks directly, in the same order, and none of the rest:
 * - security headers: helmet's list, computed once;
 * - Origin / Sec-Fetch-Site refusal for writes (forgeryRefusal, as originCheck);
 * - the session read from the store by its signed cookie (SessionReader: no per-request session
 *   object, touched at most once a minute), the principal as requireSession makes it (tokens refreshed
 *   when due);
 * - the CSRF synchronizer token for writes (csrfTokenRefusal, as csrf-sync);
 * - no access log line per request (a debug-level one; failures ≥ 500 are logged as everywhere, refusals
 *   (401, 403: no session, CSRF, Origin, RBAC) at info, so an operator sees them);
 * then forwardInference (proxy.ts).
 */
export function inferenceLeanPath(deps: LeanPathDeps): RequestHandler {
  const run = leanRunner(deps);
  const handler: RequestHandler = (req, res, next) => {
    const m = matchInferUrl(req.url);
    if (!m) {
      next();
      return;
    }
    run(req, res, m, next);
  };
  runners.set(handler, run);
  return handler;
}

type Runner = (req: Request, res: Response, m: InferUrl, next: NextFunction) => void;
const runners = new WeakMap<RequestHandler, Runner>();

function leanRunner(deps: LeanPathDeps): Runner {
  const debug = (): boolean => deps.logger.isLevelEnabled('debug');
  return (req, res, m, next) => {
    const started = performance.now();
    const id = assignRequestId(req, res);
    (req as Request & { id: string }).id = id;
    setHeaders(res, deps.securityHeaders);
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      deps.observe(req.method, res.statusCode, seconds);
      if (debug()) {
        deps.logger.debug(
          {
            req: { id, method: req.method, url: req.url },
            res: { statusCode: res.statusCode },
            responseTime: seconds * 1000,
          },
          'request completed',
        );
      }
    });
    handle(req, res, m, id, deps).catch((err: unknown) => {
      logRefusal(deps.logger, req, id, err);
      deps.errorHandler(err, req, res, next);
    });
  };
}

/** What the server needs to run the lean path before Express (leanPathFirst), per app createApp returns. */
const fronts = new WeakMap<object, { inner: Express; run: Runner; basePath: string }>();

/**
 * Record that `outer` (what createApp returns: the app, or the app mounted under `basePath`) serves the
 * inference route through `lean`, a handler of the app `inner`, so leanPathFirst can run it before Express.
 */
export function registerLeanPath(outer: object, inner: Express, lean: RequestHandler, basePath: string): void {
  const run = runners.get(lean);
  if (run) fronts.set(outer, { inner, run, basePath });
}

/**
 * The HTTP server's request listener: an inference request runs the lean path at once, before Express's
 * router (no router dispatch, no layer matching; only what Express's own app.handle sets up, so `req.ip`,
 * `res.status()` and the app's `trust proxy` work as on every route); every other request goes to `app`.
 * Under SERVEDECK_BASE_PATH the prefix is taken off as Express's mounting does (`req.baseUrl`,
 * `req.originalUrl`). Without a registered lean path (no services: tests) it is `app` itself.
 */
export function leanPathFirst(app: Express): (req: IncomingMessage, res: ServerResponse) => void {
  const front = fronts.get(app);
  if (!front) return app;
  const { inner, run, basePath } = front;
  const request = inner.request;
  const response = inner.response;
  return (req, res) => {
    const url = req.url ?? '/';
    let path = url;
    if (basePath) {
      const next = url.charCodeAt(basePath.length);
      // the prefix, followed by `/` or `?` (case-insensitive, as Express mounts it)
      if (!(next === 47 || next === 63) || url.slice(0, basePath.length).toLowerCase() !== basePath.toLowerCase()) {
        app(req, res);
        return;
      }
      path = url.slice(basePath.length);
    }
    const m = matchInferUrl(path);
    if (!m) {
      app(req, res);
      return;
    }
    const xreq = req as Request;
    const xres = res as Response;
    // what app.handle does before its router (express/lib/application.js), for the inner app
    xreq.res = xres;
    xres.req = xreq;
    Object.setPrototypeOf(req, request);
    Object.setPrototypeOf(res, response);
    xres.locals = Object.create(null) as Record<string, unknown>;
    xreq.originalUrl = url;
    xreq.baseUrl = basePath;
    xreq.url = path;
    run(xreq, xres, m, (err?: unknown) => {
      // the error handler answers every error itself; anything else reaching here ends the response
      if (err !== undefined && !res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}

/** A refusal (401 no session, 403 Origin/CSRF/RBAC) at info: who was refused where, never a token or the query. */
function logRefusal(logger: Logger, req: Request, requestId: string, err: unknown): void {
  if (!(err instanceof HttpApiError)) return;
  const { status, reason } = err.apiError;
  if (status !== 401 && status !== 403) return;
  const q = req.url.indexOf('?');
  logger.info(
    { req: { id: requestId, method: req.method, url: q >= 0 ? req.url.slice(0, q) : req.url }, status, reason },
    'inference request refused',
  );
}

async function handle(req: Request, res: Response, m: InferUrl, requestId: string, deps: LeanPathDeps): Promise<void> {
  const refused = forgeryRefusal(req.method, req.headers, deps.publicOrigin);
  if (refused) throw refused;
  const stored = await deps.sessions.read(req.headers.cookie);
  const principal = await deps.auth.authenticate(req, stored);
  if (!principal) throw unauthenticated();
  const csrf = csrfTokenRefusal(req.method, req.headers, stored?.data.csrfToken);
  if (csrf) throw csrf;
  if (stored) deps.sessions.touch(stored);
  req.principal = principal;

  const { ns, name } = inferTarget(m);
  const path = m.graph ? checkGraphPath(m.rawPath) : m.llm ? checkLlmPath(m.rawPath) : checkProtocolPath(m.rawPath);
  const { route, search } = splitQuery(m.query);
  const call = {
    ns,
    name,
    path,
    route,
    search,
    principal,
    requestId,
    ...(m.graph ? { graph: true as const } : {}),
    ...(m.llm ? { llm: true as const } : {}),
  };
  await forwardInference(req, res, call, deps.proxy);
}
