import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import * as client from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import type { OidcConfig } from '../config';
import type { UserInfo } from './principal';
import type { SessionTokens } from './session-data';

export type LoginResult = { user: UserInfo; tokens: SessionTokens };

/** A fetch that trusts the extra CA (the sandbox Dex uses a private CA). */
export function fetchWithCa(caFile: string | undefined): client.CustomFetch | undefined {
  if (!caFile) return undefined;
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, readFileSync(caFile, 'utf8')] } });
  return (url, options) =>
    undiciFetch(url, { ...options, dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
}

export function userFromClaims(claims: Record<string, unknown>): UserInfo {
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : 'unknown';
  const groups = Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string') : [];
  // The apiserver maps the `email` claim to the username (see the sandbox's authentication config).
  return { name: email ?? sub, ...(email ? { email } : {}), groups };
}

function tokensFrom(res: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, previousRefresh?: string) {
  const idToken = res.id_token;
  const claims = res.claims();
  if (!idToken || !claims) throw new Error('the issuer returned no ID token');
  const tokens: SessionTokens = {
    idToken,
    refreshToken: res.refresh_token ?? previousRefresh,
    expiresAt: claims.exp * 1000,
  };
  return { user: userFromClaims(claims as Record<string, unknown>), tokens };
}

/** The OIDC relying party: discovery (lazy, retried), code + PKCE, password grant, refresh, end-session. */
export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly cfg: OidcConfig,
    readonly redirectUri: string,
  ) {}

  config(): Promise<client.Configuration> {
    if (!this.configuration) {
      const customFetch = fetchWithCa(this.cfg.caFile);
      const issuer = new URL(this.cfg.issuer);
      this.configuration = client
        .discovery(issuer, this.cfg.clientId, this.cfg.clientSecret, undefined, {
          ...(customFetch ? { [client.customFetch]: customFetch } : {}),
          ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        })
        .then((c) => {
          if (customFetch) c[client.customFetch] = customFetch;
          return c;
        });
      this.configuration.catch(() => {
        this.configuration = undefined; // retry discovery on the next call
      });
    }
    return this.configuration;
  }

  private reach: { at: number; ok: Promise<boolean> } | undefined;

  /**
   * Does the issuer answer right now? (Its discovery document, 2 s timeout, remembered 5 s.) Discovery
   * is cached for the process, so without this a login would redirect the browser to a dead issuer.
   */
  reachable(): Promise<boolean> {
    const now = Date.now();
    if (this.reach && now - this.reach.at < 5000) return this.reach.ok;
    const customFetch = fetchWithCa(this.cfg.caFile) ?? fetch;
    const url = `${this.cfg.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const ok = customFetch(url, { signal: AbortSignal.timeout(2000) } as never)
      .then(async (r) => {
        await r.arrayBuffer().catch(() => undefined);
        return r.status < 500;
      })
      .catch(() => false);
    this.reach = { at: now, ok };
    return ok;
  }

  async startLogin(): Promise<{ url: string; state: string; codeVerifier: string; nonce: string }> {
    const config = await this.config();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.cfg.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, codeVerifier, nonce };
  }

  async finishLogin(
    currentUrl: URL,
    checks: { codeVerifier: string; state: string; nonce: string },
  ): Promise<LoginResult> {
    const config = await this.config();
    const res = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return tokensFrom(res);
  }

  async passwordGrant(username: string, password: string): Promise<LoginResult> {
    const config = await this.config();
    const res = await client.genericGrantRequest(config, 'password', { username, password, scope: this.cfg.scopes });
    return tokensFrom(res);
  }

  async refresh(refreshToken: string): Promise<LoginResult> {
    const config = await this.config();
    return tokensFrom(await client.refreshTokenGrant(config, refreshToken), refreshToken);
  }

  /** The issuer's end-session URL when it advertises one (Dex does not, as of v2.45). */
  async endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | undefined> {
    const config = await this.config().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
    }).href;
  }
}

/**
 * The issuer answered the token request with an OAuth error (RFC 6749 §5.2: 4xx with `error`), i.e. it refused
 * the grant: `invalid_grant`, `access_denied`, and what Dex says about an unknown or claimed refresh token
 * (`invalid_request`). Anything else (no answer, a 5xx) means the issuer is unavailable, not that it refused.
 */
export function isRefusedByIssuer(err: unknown): boolean {
  return err instanceof client.ResponseBodyError && err.status >= 400 && err.status < 500;
}

/** What the rest of the BFF uses of the relying party (tests substitute a fake). */
export type Oidc = Pick<OidcClient, 'startLogin' | 'finishLogin' | 'passwordGrant' | 'refresh' | 'endSessionUrl'> &
  Partial<Pick<OidcClient, 'reachable'>>;
