import { CSRF_HEADER } from '@servedeck/shared';
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { apiError } from '../http/api-error';

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

function firstHeader(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Browser-side request-forgery checks that need no token: refuse `Sec-Fetch-Site: cross-site` and an
 * `Origin` other than ours. Requests without these headers (curl, tests) pass to the token check.
 */
export function originCheck(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    if (firstHeader(req, 'sec-fetch-site') === 'cross-site') {
      return next(apiError(403, 'CsrfRejected', 'Cross-site request refused'));
    }
    const origin = firstHeader(req, 'origin');
    if (origin !== undefined && origin !== ours) {
      return next(apiError(403, 'CsrfRejected', `Request from a foreign origin (${origin.slice(0, 100)}) refused`));
    }
    next();
  };
}

/** Synchronizer-token check on every mutating request (after originCheck and the session). */
export function csrfProtection(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    if (!sync.isRequestValid(req)) {
      return next(apiError(403, 'CsrfRejected', `Missing or wrong ${CSRF_HEADER} header; reload the page`));
    }
    next();
  };
}
