import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { csrfTokenRefusal, forgeryRefusal } from '../auth/csrf';
import { type Authenticator, unauthenticated } from '../auth/require-session';
import type { SessionReader } from '../auth/session-reader';
import { HttpApiError } from '../http/api-error';
import { assignRequestId } from '../http/request-id';
import { type HeaderList, setHeaders } from '../http/security';
import type { Logger } from '../logger';
import { type InferUrl, inferTarget, matchInferUrl } from './infer-url';
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
  const debug = (): boolean => deps.logger.isLevelEnabled('debug');
  return (req, res, next) => {
    const m = matchInferUrl(req.url);
    if (!m) {
      next();
      return;
    }
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
  req: Request,
  res: Parameters<RequestHandler>[1],
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
  req.principal = principal;

  const { ns, name } = inferTarget(m);
  const path = checkProtocolPath(m.rawPath);
  const { route, search } = splitQuery(m.query);
  await forwardInference(req, res, { ns, name, path, route, search, principal, requestId }, deps.proxy);
}
