import type { UserInfo } from './principal';

export type SessionTokens = {
  idToken: string;
  refreshToken: string | undefined;
  /** Epoch ms at which the ID token expires. */
  expiresAt: number;
};

export type PendingLogin = { codeVerifier: string; nonce: string; returnTo: string; createdAt: number };

declare module 'express-session' {
  interface SessionData {
    user?: UserInfo;
    tokens?: SessionTokens;
    /** OIDC logins in flight, keyed by state (several tabs may log in at once). */
    logins?: Record<string, PendingLogin>;
  }
}
