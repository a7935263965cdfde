import { Agent, request } from 'undici';
import { z } from 'zod';

const tokenResponse = z.object({
  id_token: z.string(),
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_in: z.number().optional(),
});
export type DexTokens = z.infer<typeof tokenResponse>;

export type PasswordGrant = {
  issuer: string;
  caPem: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /**
   * Ask for a refresh token too (scope offline_access). Off by default: Dex keeps one refresh token per
   * user and client, so a grant with offline_access revokes the refresh token of that user's running BFF
   * session (same client `servedeck`); `up`'s check and `sandbox token` need only the ID token.
   */
  offlineAccess?: boolean;
};

/** Dex's password grant (oauth2.passwordConnector: local): an ID token without a browser. */
export async function passwordGrant(
  g: PasswordGrant,
): Promise<{ ok: true; value: DexTokens } | { ok: false; error: string }> {
  const agent = new Agent({ connect: { ca: g.caPem } });
  try {
    const res = await request(`${g.issuer}/token`, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(g.clientId)}:${encodeURIComponent(g.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'password',
        username: g.username,
        password: g.password,
        scope: `openid email profile groups${g.offlineAccess ? ' offline_access' : ''}`,
      }).toString(),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return { ok: false, error: `Dex answered ${res.statusCode}: ${text}` };
    const parsed = tokenResponse.safeParse(JSON.parse(text));
    if (!parsed.success) return { ok: false, error: `unexpected token response: ${parsed.error.message}` };
    return { ok: true, value: parsed.data };
  } catch (e) {
    return { ok: false, error: `could not reach Dex at ${g.issuer}: ${(e as Error).message}` };
  } finally {
    await agent.close();
  }
}
