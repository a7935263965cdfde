import { afterAll, describe, expect, it } from 'vitest';
import { OidcClient } from '../../src/auth/oidc';
import { API_PATHS_FOR_401 } from '../helpers/api-paths';
import { BffClient, bffUrl, caFetch, loginAs, sandboxEnv, seen } from './client';

/** Drive Dex's login like a browser: follow redirects, post the local connector's form, stop at our callback. */
async function dexLogin(startUrl: string, email: string, password: string): Promise<string> {
  let url = startUrl;
  let posted = false;
  for (let hop = 0; hop < 15; hop++) {
    if (url.startsWith(bffUrl())) return url;
    const res = await caFetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url).href;
      continue;
    }
    const html = await res.text();
    expect(res.status, `Dex page ${url}`).toBe(200);
    if (posted) throw new Error(`Dex showed a page after the password was posted: ${html.slice(0, 300)}`);
    // The local connector's form posts login and password back to the page URL (or its action).
    const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1]?.replace(/&amp;/g, '&');
    const target = action ? new URL(action, url).href : url;
    const post = await caFetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: email, password }).toString(),
    });
    posted = true;
    expect(post.status, 'Dex accepts the password').toBeGreaterThanOrEqual(300);
    url = new URL(post.headers.get('location') ?? '', target).href;
  }
  throw new Error('too many redirects at Dex');
}

describe('login through Dex', () => {
  afterAll(() => {
    // No response the browser could read carries a JWT (ID/refresh tokens stay on the server).
    for (const r of seen) {
      expect(r.body, r.url).not.toContain('eyJ');
      expect(r.headers, r.url).not.toContain('eyJ');
    }
  });

  it('completes the authorization-code flow with PKCE and shows the user at /api/me', async () => {
    const c = new BffClient();
    const start = await c.get('/auth/login?returnTo=/ns/kubeflow-user-example-com');
    expect(start.status).toBe(302);
    const dexUrl = start.headers.get('location') ?? '';
    expect(dexUrl.startsWith(sandboxEnv().issuer)).toBe(true);
    const authUrl = new URL(dexUrl);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    expect(authUrl.searchParams.get('redirect_uri')).toBe(`${bffUrl()}/auth/callback`);
    const cookieBefore = c.cookie;
    expect(cookieBefore).toMatch(/^servedeck\.sid=/);

    const callback = await dexLogin(dexUrl, 'user@example.com', '12341234');
    const done = await c.get(callback.slice(bffUrl().length));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/ns/kubeflow-user-example-com');
    expect(c.cookie).not.toBe(cookieBefore); // a new session id after login
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      user: { name: 'user@example.com', email: 'user@example.com' },
      mode: 'oidc',
      passwordLogin: true,
    });
    const body = me.json() as { expiresAt: string; csrfToken: string };
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    expect(body.csrfToken.length).toBeGreaterThan(20);
    // the session acts as the user against the apiserver
    c.csrf = body.csrfToken;
    const list = await c.get('/api/namespaces/kubeflow-user-example-com/inferenceservices');
    expect(list.status).toBe(200);
    // logout: server session destroyed
    const out = await c.request('POST', '/auth/logout');
    expect(out.status).toBe(200);
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('refuses a callback with a state that was never issued', async () => {
    const c = new BffClient();
    await c.get('/auth/login');
    const res = await c.get('/auth/callback?code=abc&state=forged');
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ reason: 'LoginExpired' });
  });

  it('logs in with the password route', async () => {
    const c = await loginAs('user@example.com');
    const me = await c.get('/api/me');
    expect(me.json()).toMatchObject({ user: { name: 'user@example.com' } });
    const bad = await new BffClient().post('/auth/password', { email: 'user@example.com', password: 'wrong' }, false);
    expect(bad.status).toBe(401);
    expect(bad.json()).toMatchObject({ reason: 'InvalidCredentials' });
  });

  it('answers 401 on every /api route without a session', async () => {
    const c = new BffClient();
    for (const [method, path] of API_PATHS_FOR_401) {
      const r = await c.request(
        method.toUpperCase(),
        path,
        method === 'get' ? {} : { body: '{}', type: 'application/json' },
      );
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.json(), `${method} ${path}`).toMatchObject({ status: 401, reason: 'Unauthenticated' });
    }
  });

  it('refuses a mutating request without the CSRF token, and from a foreign origin', async () => {
    const c = await loginAs('user@example.com');
    const body = JSON.stringify({
      metadata: { name: 'csrf-probe' },
      spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } },
    });
    const path = '/api/namespaces/kubeflow-user-example-com/inferenceservices?dryRun=All';
    const noToken = await c.request('POST', path, { body, type: 'application/json', csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.json()).toMatchObject({ reason: 'CsrfRejected' });
    const foreign = await c.request('POST', path, {
      body,
      type: 'application/json',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(foreign.status).toBe(403);
    const crossSite = await c.request('POST', path, {
      body,
      type: 'application/json',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const ok = await c.request('POST', path, { body, type: 'application/json' });
    expect(ok.status).toBe(201);
  });

  it('refreshes tokens with Dex`s refresh token (through the private CA)', async () => {
    const env = sandboxEnv();
    const oidc = new OidcClient(
      {
        issuer: env.issuer,
        clientId: env.clientId,
        clientSecret: env.clientSecret,
        caFile: env.caFile,
        scopes: 'openid email profile groups offline_access',
      },
      `${bffUrl()}/auth/callback`,
    );
    const first = await oidc.passwordGrant('user@example.com', '12341234');
    expect(first.tokens.refreshToken).toBeTruthy();
    const next = await oidc.refresh(first.tokens.refreshToken ?? '');
    expect(next.user.name).toBe('user@example.com');
    expect(next.tokens.idToken).not.toBe(first.tokens.idToken);
    expect(next.tokens.expiresAt).toBeGreaterThan(Date.now());
    // Dex rotates refresh tokens: the new one works, the spent one is refused
    expect((await oidc.refresh(next.tokens.refreshToken ?? '')).user.name).toBe('user@example.com');
    expect(await oidc.endSessionUrl(next.tokens.idToken, `${bffUrl()}/`)).toBeUndefined(); // Dex advertises none
  });
});
