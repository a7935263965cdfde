import { SESSION_COOKIE } from '@servedeck/shared';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { csrfProtection, csrfToken, originCheck } from '../auth/csrf';
import { establishSession, safeReturnTo } from '../auth/establish';
import type { Oidc } from '../auth/oidc';
import { passwordLogin } from '../auth/password';
import type { PendingLogin } from '../auth/session-data';
import { externalBase } from '../config';
import { apiError, HttpApiError, sendApiError } from '../http/api-error';
import type { RouteContext } from './context';

const LOGIN_TTL_MS = 10 * 60_000;

/** An app path under the base path (`/ns/x` -> `/servedeck/ns/x`), unless it already is. */
export function withBase(basePath: string, path: string): string {
  if (!basePath || path === basePath || path.startsWith(`${basePath}/`)) return path;
  return `${basePath}${path}`;
}

function pruneLogins(logins: Record<string, PendingLogin> | undefined, now: number): Record<string, PendingLogin> {
  const kept = Object.entries(logins ?? {})
    .filter(([, l]) => now - l.createdAt < LOGIN_TTL_MS)
    .sort(([, a], [, b]) => b.createdAt - a.createdAt)
    .slice(0, 4);
  return Object.fromEntries(kept);
}

const escapeHtml = (t: string) =>
  t.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/**
 * A plain page for a browser sent to /auth/login (or back from the issuer) while the issuer is down: what
 * is wrong, that a signed-in session keeps working, and a retry. No script, no styles needed.
 */
function unavailablePage(message: string, retry: string, returnTo: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign-in unavailable · ServeDeck</title></head><body><main role="main"><h1>Sign-in is unavailable</h1><p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(retry)}">Try again</a> · <a href="${escapeHtml(returnTo)}">Back to ServeDeck</a></p></main></body></html>`;
}

/** ` (https://issuer/path)`: the issuer's address as people know it (origin and path, never a query). */
function issuerAddress(issuer: string | undefined): string {
  if (!issuer) return '';
  try {
    const u = new URL(issuer);
    return ` (${u.origin}${u.pathname.replace(/\/+$/, '')})`;
  } catch {
    return '';
  }
}

/** /auth/login, /auth/callback, /auth/logout, /auth/password. */
export function authRoutes(ctx: RouteContext, oidc: Oidc | undefined): Router {
  const r = Router();
  const limiter: RequestHandler = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.loginRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(apiError(429, 'TooManyRequests', 'Too many login attempts; wait a minute')),
  });
  const needOidc = (): Oidc => {
    if (!oidc) throw apiError(404, 'NotFound', `No login in ${ctx.config.authMode} mode`);
    return oidc;
  };

  /** 503 IssuerUnavailable: an HTML page for a browser, the ApiError otherwise. */
  const issuerDown = (req: Request, res: Response, returnTo: string): void => {
    const unavailable = apiError(
      503,
      'IssuerUnavailable',
      `The identity provider${issuerAddress(ctx.config.oidc?.issuer)} is not reachable, so you cannot sign in right now. ` +
        'If you are already signed in, ServeDeck keeps working until your session expires. Try again in a minute.',
    );
    res.setHeader('Cache-Control', 'no-store').setHeader('Retry-After', '30');
    if (req.accepts(['json', 'html']) === 'html') {
      const retry = withBase(ctx.config.basePath, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      res
        .status(503)
        .type('html')
        .send(unavailablePage(unavailable.apiError.message, retry, returnTo));
      return;
    }
    sendApiError(res, unavailable.apiError, typeof req.id === 'string' ? req.id : undefined);
  };

  r.get('/auth/login', limiter, async (req, res) => {
    const returnTo = withBase(ctx.config.basePath, safeReturnTo(req.query.returnTo));
    if (ctx.config.authMode !== 'oidc') {
      res.redirect(303, returnTo);
      return;
    }
    let start: Awaited<ReturnType<Oidc['startLogin']>>;
    try {
      const client = needOidc();
      if (client.reachable && !(await client.reachable())) throw new Error('issuer not reachable');
      start = await client.startLogin();
    } catch (err) {
      if (err instanceof HttpApiError) throw err;
      ctx.logger.error({ err }, 'OIDC issuer unavailable');
      issuerDown(req, res, returnTo);
      return;
    }
    const now = Date.now();
    req.session.logins = {
      ...pruneLogins(req.session.logins, now),
      [start.state]: { codeVerifier: start.codeVerifier, nonce: start.nonce, returnTo, createdAt: now },
    };
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, start.url);
  });

  r.get('/auth/callback', limiter, async (req, res) => {
    const client = needOidc();
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (typeof req.query.error === 'string') {
      const desc = typeof req.query.error_description === 'string' ? req.query.error_description : req.query.error;
      throw apiError(401, 'LoginFailed', `The identity provider refused the login: ${desc.slice(0, 200)}`);
    }
    const pending = req.session.logins?.[state];
    if (!pending || Date.now() - pending.createdAt > LOGIN_TTL_MS) {
      throw apiError(400, 'LoginExpired', 'This login is unknown or too old; start again from the login page');
    }
    const q = req.originalUrl.indexOf('?');
    const currentUrl = new URL(`${externalBase(ctx.config)}/auth/callback${q >= 0 ? req.originalUrl.slice(q) : ''}`);
    let login: Awaited<ReturnType<Oidc['finishLogin']>>;
    try {
      login = await client.finishLogin(currentUrl, { codeVerifier: pending.codeVerifier, state, nonce: pending.nonce });
    } catch (err) {
      ctx.logger.warn({ err }, 'OIDC callback failed');
      // the issuer went away between the redirect and the callback: say so, not "login failed"
      if (client.reachable && !(await client.reachable())) {
        issuerDown(req, res, pending.returnTo);
        return;
      }
      throw apiError(401, 'LoginFailed', 'The login could not be completed; start again');
    }
    await establishSession(req, login);
    ctx.logger.info({ user: login.user.name }, 'login');
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, pending.returnTo);
  });

  r.post(
    '/auth/password',
    limiter,
    originCheck(ctx.config.publicUrl),
    express.json({ limit: '16kb' }),
    async (req, res) => {
      if (!ctx.config.passwordLogin) throw apiError(404, 'NotFound', 'Password login is not enabled');
      await passwordLogin(req, needOidc());
      const user = req.session.user;
      ctx.logger.info({ user: user?.name }, 'login (password grant)');
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        user: user ?? { name: '', groups: [] },
        mode: ctx.config.authMode,
        ...(req.session.tokens ? { expiresAt: new Date(req.session.tokens.expiresAt).toISOString() } : {}),
        csrfToken: csrfToken(req),
        passwordLogin: true,
        ...(ctx.config.gatewayUrl ? { gatewayUrl: ctx.config.gatewayUrl } : {}),
      });
    },
  );

  r.post('/auth/logout', originCheck(ctx.config.publicUrl), csrfProtection(), async (req, res) => {
    const sid = req.sessionID;
    const idToken = req.session.tokens?.idToken;
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    ctx.streams.closeSession(sid);
    res.clearCookie(SESSION_COOKIE, { path: ctx.config.basePath || '/' });
    const home = `${ctx.config.basePath}/`;
    const redirectTo =
      (oidc && idToken ? await oidc.endSessionUrl(idToken, `${externalBase(ctx.config)}/`) : undefined) ?? home;
    ctx.logger.info({ sid: sid.slice(0, 6) }, 'logout');
    res.json({ redirectTo });
  });
  return r;
}
