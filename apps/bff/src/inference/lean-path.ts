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
  const lean: Lean = {
    run: leanRunner(deps),
    fail: (err, id, req, res, next) => {
      (req as Request & { id: string }).id = id;
      logRefusal(deps.logger, req, id, err);
      deps.errorHandler(err, req, res, next);
    },
  };
  const run = lean.run;
  const handler: RequestHandler = (req, res, next) => {
    const m = matchInferUrl(req.url);
    if (!m) {
      next();
      return;
    }
    // reached through Express: req and res are Express's already
    run(req, res, m, (err, id) => lean.fail(err, id, req, res, next));
  };
  runners.set(handler, lean);
  return handler;
}

/** Answers an error of the lean path (the error handler, with Express's req and res). */
type Fail = (err: unknown, requestId: string) => void;
type Runner = (req: IncomingMessage, res: ServerResponse, m: InferUrl, fail: Fail) => void;
type Lean = {
  run: Runner;
  fail: (err: unknown, requestId: string, req: Request, res: Response, next: NextFunction) => void;
};
const runners = new WeakMap<RequestHandler, Lean>();

function leanRunner(deps: LeanPathDeps): Runner {
  const debug = (): boolean => deps.logger.isLevelEnabled('debug');
  return (req, res, m, fail) => {
    const started = performance.now();
    const id = assignRequestId(req, res);
    setHeaders(res, deps.securityHeaders);
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      deps.observe(req.method ?? '', res.statusCode, seconds);
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
    handle(req, res, m, id, deps).catch((err: unknown) => fail(err, id));
  };
}

/** What the server needs to run the lean path before Express (leanPathFirst), per app createApp returns. */
const fronts = new WeakMap<object, { inner: Express; lean: Lean; basePath: string }>();

/**
 * Record that `outer` (what createApp returns: the app, or the app mounted under `basePath`) serves the
 * inference route through `lean`, a handler of the app `inner`, so leanPathFirst can run it before Express.
 */
export function registerLeanPath(outer: object, inner: Express, lean: RequestHandler, basePath: string): void {
  const found = runners.get(lean);
  if (found) fronts.set(outer, { inner, lean: found, basePath });
}

/**
 * The HTTP server's request listener: an inference request runs the lean path at once, before Express's
 * router (no router dispatch, no layer matching). A request it answers is Node's plain request and response:
 * Express's prototypes (`Object.setPrototypeOf`, what app.handle does) are put on only when it fails, for the
 * error handler (`req.ip`, `res.status()` and the app's `trust proxy` then work as on every route): changing
 * the prototype of every request and response cost V8's fast property access on them for the whole request.
 * Under SERVEDECK_BASE_PATH the prefix is taken off as Express's mounting does (`req.baseUrl`,
 * `req.originalUrl`). Without a registered lean path (no services: tests) it is `app` itself.
 */
export function leanPathFirst(app: Express): (req: IncomingMessage, res: ServerResponse) => void {
  const front = fronts.get(app);
  if (!front) return app;
  const { inner, lean, basePath } = front;
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
    req.url = path;
    lean.run(req, res, m, (err, id) => {
      // what app.handle does before its router (express/lib/application.js), for the inner app
      const xreq = req as Request;
      const xres = res as Response;
      Object.setPrototypeOf(req, request);
      Object.setPrototypeOf(res, response);
      xreq.res = xres;
      xres.req = xreq;
      xres.locals = Object.create(null) as Record<string, unknown>;
      xreq.originalUrl = url;
      xreq.baseUrl = basePath;
      lean.fail(err, id, xreq, xres, (e?: unknown) => {
        // the error handler answers every error itself; anything else reaching here ends the response
        if (e !== undefined && !res.headersSent) res.statusCode = 500;
        res.end();
      });
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  m: InferUrl,
  requestId: string,
  deps: LeanPathDeps,
): Promise<void> {
  const refused = forgeryRefusal(req.method, req.headers, deps.publicOrigin);
  if (refused) throw refused;
  const stored = await deps.sessions.read(req.headers.cookie);
  const principal = await deps.auth.authenticate(req, stored);
  if (!principal) throw unauthenticated();
  const csrf = csrfTokenRefusal(req.method, req.headers, stored?.data.csrfToken);
  if (csrf) throw csrf;
  if (stored) deps.sessions.touch(stored);

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
