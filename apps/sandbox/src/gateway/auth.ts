/**
 * Bearer token check of the gateway: a Dex ID token verified with the issuer's JWKS (jose), trusting the
 * sandbox CA for the issuer's TLS.
 */
import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';

export type TokenCheck = { ok: true; claims: JWTPayload } | { ok: false; message: string };

export type TokenVerifier = (token: string) => Promise<TokenCheck>;

export function dexVerifier(issuer: string, ca: string | undefined, audience?: string): TokenVerifier {
  const agent = new Agent(ca ? { connect: { ca } } : {});
  const fetchWithCa = ((url: string, init: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as never)) as unknown as typeof fetch;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (jwks) return jwks;
    const res = await fetchWithCa(`${issuer}/.well-known/openid-configuration`, {});
    if (!res.ok) throw new Error(`OIDC discovery at ${issuer} answered ${res.status}`);
    const doc = (await res.json()) as { jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== 'string') throw new Error('OIDC discovery has no jwks_uri');
    jwks = createRemoteJWKSet(new URL(doc.jwks_uri), { [customFetch]: fetchWithCa as never });
    return jwks;
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, await keySet(), { issuer, ...(audience ? { audience } : {}) });
      return { ok: true, claims: payload };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return { ok: false, message: 'Jwt is expired' };
      return {
        ok: false,
        message: code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' ? 'Jwt issuer is not configured' : 'Jwt verification fails',
      };
    }
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1];
}
