import type { IncomingHttpHeaders } from 'node:http';
import { CSRF_HEADER } from '@servedeck/shared';
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { apiError, type HttpApiError } from '../http/api-error';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sync = csrfSync({
  getTokenFromRequest: (req) => {
    const v = req.headers[CSRF_HEADER];
    return Array.isArray(v) ? v[0] : v;
  },
});

/** The session's synchronizer token (created on first use), for `GET /api/me`. */
export function csrfToken(req: Request): string {
  return sync.generateToken(req);
}

export function revokeCsrfToken(req: Request): void {
  sync.revokeToken(req);
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function isSafeMethod(method: string | undefined): boolean {
  return method !== undefined && SAFE.has(method);
}

/**
 * Browser-side request-forgery checks that need no token: refuse `Sec-Fetch-Site: cross-site` and an
 * `Origin` other than ours. Requests without these headers (curl, tests) pass to the token check.
 * Undefined when the request passes.
 */
export function forgeryRefusal(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  ours: string,
): HttpApiError | undefined {
  if (isSafeMethod(method)) return undefined;
  if (firstHeader(headers, 'sec-fetch-site') === 'cross-site') {
    return apiError(403, 'CsrfRejected', 'Cross-site request refused');
  }
  const origin = firstHeader(headers, 'origin');
  if (origin !== undefined && origin !== ours) {
    return apiError(403, 'CsrfRejected', `Request from a foreign origin (${origin.slice(0, 100)}) refused`);
  }
  return undefined;
}

/** The synchronizer-token check of csrf-sync: the header equals the session's token (both strings). */
export function csrfTokenRefusal(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  stored: unknown,
): HttpApiError | undefined {
  if (isSafeMethod(method)) return undefined;
  const received = firstHeader(headers, CSRF_HEADER);
  if (typeof received === 'string' && typeof stored === 'string' && received === stored) return undefined;
  return csrfTokenRejected();
}

function csrfTokenRejected(): HttpApiError {
  return apiError(403, 'CsrfRejected', `Missing or wrong ${CSRF_HEADER} header; reload the page`);
}

export function originCheck(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, _res, next) => next(forgeryRefusal(req.method, req.headers, ours));
}

/** Synchronizer-token check on every mutating request (after originCheck and the session). */
export function csrfProtection(): RequestHandler {
  return (req, _res, next) => {
    if (isSafeMethod(req.method)) return next();
    if (!sync.isRequestValid(req)) return next(csrfTokenRejected());
    next();
  };
}
