import { ResponseBodyError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { isRefusedByIssuer } from '../src/auth/oidc';

function oauthError(error: string, status: number): ResponseBodyError {
  return new ResponseBodyError(error, { cause: { error }, response: new Response('{}', { status }) });
}

describe('a failed refresh: refused by the issuer, or the issuer unavailable', () => {
  it('any OAuth error answer (4xx) is a refusal: the session ends', () => {
    expect(isRefusedByIssuer(oauthError('invalid_grant', 400))).toBe(true);
    expect(isRefusedByIssuer(oauthError('access_denied', 403))).toBe(true);
    // Dex's answer to an unknown or already claimed refresh token
    expect(isRefusedByIssuer(oauthError('invalid_request', 400))).toBe(true);
    expect(isRefusedByIssuer(oauthError('invalid_client', 401))).toBe(true);
  });

  it('no answer or a server error is not a refusal: the session is kept', () => {
    expect(isRefusedByIssuer(new TypeError('fetch failed'))).toBe(false);
    expect(isRefusedByIssuer(oauthError('server_error', 500))).toBe(false);
    expect(isRefusedByIssuer(oauthError('temporarily_unavailable', 503))).toBe(false);
    expect(isRefusedByIssuer(new Error('timeout'))).toBe(false);
  });
});
