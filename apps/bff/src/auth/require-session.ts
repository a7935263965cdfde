import type { IncomingMessage } from 'node:http';
import type { AuthMode } from '@servedeck/shared';
import type { Request, RequestHandler } from 'express';
import type { Store } from 'express-session';
import { apiError, type HttpApiError } from '../http/api-error';
import type { Logger } from '../logger';
import { isRefusedByIssuer, type Oidc } from './oidc';
import type { Principal, UserInfo } from './principal';
import type { SessionTokens } from './session-data';
import { destroySession, loadSession, type StoredSession, saveSession } from './session-store';
import { type TrustedHeaders, trustedHeaderUser } from './trusted-header';

export type AuthenticatorDeps = {
  mode: AuthMode;
  oidc: Oidc | undefined;
  store: Store;
  isTrustedPeer: (address: string | undefined) => boolean;
  trustedHeaders?: TrustedHeaders;
  kubeconfigUser: string;
  logger: Logger;
  /** Refresh this long before the ID token expires. */
  refreshSkewMs?: number;
  now?: () => number;
};

export function unauthenticated(): HttpApiError {
  return apiError(401, 'Unauthenticated', 'Log in to continue');
}

/** 503: the ID token has expired and the issuer cannot be reached to refresh it; the session is kept. */
export function issuerUnavailable(): HttpApiError {
  return apiError(503, 'IssuerUnavailable', 'The identity provider is not reachable; your session is kept, try again');
}

/** Resolves who is calling, refreshing OIDC tokens shortly before they expire. */
export class Authenticator {
  private readonly refreshing = new Map<string, Promise<{ tokens: SessionTokens; user: UserInfo } | undefined>>();
  private readonly principals = new WeakMap<SessionTokens, Principal>();
  private readonly skew: number;
  private readonly now: () => number;

  constructor(private readonly deps: AuthenticatorDeps) {
    this.skew = deps.refreshSkewMs ?? 60_000;
    this.now = deps.now ?? Date.now;
  }

  get mode(): AuthMode {
    return this.deps.mode;
  }

  /**
   * Who is calling, or undefined when there is no (valid) session: the one way in for every caller.
   * - kubeconfig and trusted-header modes: from the request (the session does not matter);
   * - oidc: from `session` with its tokens refreshed when due (the refreshed ones saved, an ended session
   *   destroyed). `session` is the one express-session loaded (requireSession), the one SessionReader read
   *   (the inference lean path), or `{ sid }` alone to read it from the store again (a long-lived stream
   *   checking that its session still holds).
   * Throws 503 IssuerUnavailable (the session kept) when the ID token has expired and the issuer cannot be
   * reached to refresh it.
   */
  async authenticate(
    req: IncomingMessage,
    session: StoredSession | { sid: string } | undefined,
  ): Promise<Principal | undefined> {
    if (this.deps.mode !== 'oidc') return this.withoutSession(req, session?.sid);
    if (!session) return undefined;
    const { sid } = session;
    const data = 'data' in session ? session.data : await loadSession(this.deps.store, sid);
    if (!data?.user || !data.tokens) return undefined;
    const fresh = await this.fresh(sid, data.tokens, data.user);
    if (!fresh) {
      await destroySession(this.deps.store, sid);
      return undefined;
    }
    if (fresh.tokens !== data.tokens) {
      // written into `data` too: express-session's req.session then holds (and saves) the refreshed tokens
      data.tokens = fresh.tokens;
      data.user = fresh.user;
      await saveSession(this.deps.store, sid, data);
    }
    return this.oidcPrincipal(fresh.user, fresh.tokens, sid);
  }

  /** kubeconfig and trusted-header modes: who is calling does not depend on the session. */
  private withoutSession(req: IncomingMessage, sessionId: string | undefined): Principal | undefined {
    if (this.deps.mode === 'kubeconfig') {
      return {
        user: { name: this.deps.kubeconfigUser, groups: [] },
        mode: 'kubeconfig',
        k8sAuth: { kind: 'kubeconfig' },
        gatewayToken: undefined,
        expiresAt: undefined,
        sessionId,
      };
    }
    const user = trustedHeaderUser(req, this.deps.isTrustedPeer, this.deps.trustedHeaders);
    if (!user) return undefined;
    return {
      user,
      mode: 'trusted-header',
      k8sAuth: { kind: 'impersonate', user: user.name, groups: user.groups },
      gatewayToken: undefined,
      expiresAt: undefined,
      sessionId,
    };
  }

  /**
   * The principal of a session's tokens. Made once per tokens object: the in-memory store's reader shares one
   * parsed session until it changes, so a proxied request does not format the expiry date again each time.
   */
  private oidcPrincipal(user: UserInfo, tokens: SessionTokens, sessionId: string): Principal {
    const made = this.principals.get(tokens);
    if (made && made.user === user && made.sessionId === sessionId) return made;
    const p = this.makeOidcPrincipal(user, tokens, sessionId);
    this.principals.set(tokens, p);
    return p;
  }

  private makeOidcPrincipal(user: UserInfo, tokens: SessionTokens, sessionId: string): Principal {
    return {
      user,
      mode: 'oidc',
      k8sAuth: { kind: 'bearer', token: tokens.idToken },
      gatewayToken: tokens.idToken,
      expiresAt: new Date(tokens.expiresAt).toISOString(),
      sessionId,
    };
  }

  /**
   * Valid tokens: the current ones, refreshed ones (one refresh per session at a time), or undefined when
   * the session has ended (expired without a refresh token, or the issuer refused the refresh). When the
   * refresh fails otherwise (the issuer is down or unreachable), a still-valid token is kept, and an expired
   * one throws 503 IssuerUnavailable: the session is kept for when the issuer is back.
   */
  private async fresh(
    sid: string,
    tokens: SessionTokens,
    user: UserInfo,
  ): Promise<{ tokens: SessionTokens; user: UserInfo } | undefined> {
    const now = this.now();
    if (tokens.expiresAt - now > this.skew) return { tokens, user };
    if (!tokens.refreshToken || !this.deps.oidc) return tokens.expiresAt > now ? { tokens, user } : undefined;
    let pending = this.refreshing.get(sid);
    if (!pending) {
      const oidc = this.deps.oidc;
      const refreshToken = tokens.refreshToken;
      pending = oidc
        .refresh(refreshToken)
        .then((r) => r as { tokens: SessionTokens; user: UserInfo } | undefined)
        .catch((err: unknown) => {
          if (isRefusedByIssuer(err)) return undefined;
          this.deps.logger.warn({ err }, 'token refresh failed');
          // The issuer is unreachable: keep the session, and its token while it is still valid.
          if (tokens.expiresAt > this.now()) return { tokens, user };
          throw issuerUnavailable();
        })
        .finally(() => this.refreshing.delete(sid));
      this.refreshing.set(sid, pending);
    }
    return pending;
  }
}

/** 401 ApiError for every request without a usable session; sets req.principal otherwise. */
export function requireSession(auth: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    try {
      const principal = await auth.authenticate(
        req,
        req.session ? { sid: req.sessionID, data: req.session } : undefined,
      );
      if (!principal) {
        next(unauthenticated());
        return;
      }
      req.principal = principal;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthenticated();
  return req.principal;
}
