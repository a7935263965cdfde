import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS_FOR_401 } from './helpers/api-paths';
import { FakeOidc, loggedIn, testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

describe('sessions (oidc mode)', () => {
  const api = new FakeServer();
  beforeAll(async () => {
    await api.start();
    api.json('GET', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices', 200, {
      kind: 'List',
      metadata: { resourceVersion: '5' },
      items: [],
    });
  });
  afterAll(() => api.stop());

  const env = () => ({
    SERVEDECK_KUBECONFIG: api.kubeconfig(),
    SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
    SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
  });

  it('answers 401 ApiError on every /api route without a session', async () => {
    const { app } = await testApp(env(), new FakeOidc());
    for (const [method, path] of API_PATHS_FOR_401) {
      const res = await request(app)
        [method](path)
        .set('content-type', 'application/json')
        .send(method === 'get' ? undefined : '{}');
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ status: 401, reason: 'Unauthenticated' });
    }
  });

  it('sets an HttpOnly SameSite=Lax cookie and shows the user without tokens', async () => {
    const { app } = await testApp(env(), new FakeOidc());
    const login = await request(app).post('/auth/password').send({ email: 'user@example.com', password: '12341234' });
    expect(login.status).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^servedeck\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const { agent } = await loggedIn(app);
    const me = await agent.get('/api/me').expect(200);
    expect(me.body).toMatchObject({ user: { name: 'user@example.com', groups: ['kubeflow-users'] }, mode: 'oidc' });
    expect(me.body.expiresAt).toMatch(/^\d{4}-/);
    expect(JSON.stringify(me.body)).not.toContain('idtoken');
    // the apiserver got the ID token as Bearer
    await agent.get('/api/namespaces/ns/inferenceservices').expect(200);
    expect(api.requests.at(-1)?.headers.authorization).toMatch(/^Bearer idtoken-user@example.com-/);
  });

  it('refuses a wrong password with 401 InvalidCredentials', async () => {
    const { app } = await testApp(env(), new FakeOidc());
    const res = await request(app).post('/auth/password').send({ email: 'user@example.com', password: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe('InvalidCredentials');
  });

  it('tries a password grant again when the issuer fails it with server_error, twice at most', async () => {
    const oidc = new FakeOidc();
    const { app } = await testApp(env(), oidc);
    oidc.passwordServerErrors = 2;
    const ok = await request(app).post('/auth/password').send({ email: 'user@example.com', password: '12341234' });
    expect(ok.status).toBe(200);
    expect(oidc.passwordCalls).toBe(3);
    oidc.passwordServerErrors = 3;
    const failed = await request(app).post('/auth/password').send({ email: 'user@example.com', password: '12341234' });
    expect(failed.status).toBe(503);
    expect(failed.body.reason).toBe('IssuerUnavailable');
    expect(oidc.passwordCalls).toBe(6);
    // a refusal is not tried again
    await request(app).post('/auth/password').send({ email: 'user@example.com', password: 'nope' }).expect(401);
    expect(oidc.passwordCalls).toBe(7);
  });

  it('refreshes a token that is about to expire, once for concurrent requests', async () => {
    const oidc = new FakeOidc();
    oidc.idTokenTtlMs = 30_000; // inside the 60 s refresh window
    const { app } = await testApp(env(), oidc);
    const { agent } = await loggedIn(app);
    oidc.idTokenTtlMs = 10 * 60_000;
    await Promise.all([agent.get('/api/me').expect(200), agent.get('/api/me').expect(200)]);
    expect(oidc.refreshCalls).toBe(1);
    await agent.get('/api/me').expect(200);
    expect(oidc.refreshCalls).toBe(1);
  });

  it('ends the session when the token has expired and the issuer refuses the refresh (invalid_grant)', async () => {
    const oidc = new FakeOidc();
    oidc.idTokenTtlMs = -1000;
    oidc.failRefresh = true;
    const { app } = await testApp(env(), oidc);
    const { agent } = await loggedIn(app);
    const res = await agent.get('/api/me').expect(401);
    expect(res.body.reason).toBe('Unauthenticated');
    // ended for good: the issuer accepting again does not bring it back
    oidc.failRefresh = false;
    await agent.get('/api/me').expect(401);
  });

  it('keeps the session and answers 503 IssuerUnavailable while the issuer is unreachable (expired token)', async () => {
    const oidc = new FakeOidc();
    oidc.idTokenTtlMs = -1000;
    oidc.refreshUnreachable = true;
    const { app } = await testApp(env(), oidc);
    const { agent } = await loggedIn(app);
    for (const path of ['/api/me', '/api/namespaces/ns/inferenceservices']) {
      const res = await agent.get(path).expect(503);
      expect(res.body).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });
      expect(res.body.message).toContain('your session is kept');
    }
    const calls = oidc.refreshCalls;
    expect(calls).toBeGreaterThanOrEqual(2);
    // the issuer is back: the same session refreshes and carries on
    oidc.refreshUnreachable = false;
    oidc.idTokenTtlMs = 10 * 60_000;
    const me = await agent.get('/api/me').expect(200);
    expect(me.body.user.name).toBe('user@example.com');
    expect(oidc.refreshCalls).toBe(calls + 1);
    await agent.get('/api/namespaces/ns/inferenceservices').expect(200);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer idtoken-user@example.com-2`);
  });

  it('keeps a still-valid token when a due refresh cannot reach the issuer', async () => {
    const oidc = new FakeOidc();
    oidc.idTokenTtlMs = 30_000; // inside the refresh window, not expired
    oidc.refreshUnreachable = true;
    const { app } = await testApp(env(), oidc);
    const { agent } = await loggedIn(app);
    await agent.get('/api/namespaces/ns/inferenceservices').expect(200);
    expect(oidc.refreshCalls).toBe(1);
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer idtoken-user@example.com-1');
  });

  it('logout destroys the server session (needs the CSRF token)', async () => {
    const { app } = await testApp(env(), new FakeOidc());
    const { agent, csrf } = await loggedIn(app);
    await agent.post('/auth/logout').expect(403);
    const out = await agent.post('/auth/logout').set('x-csrf-token', csrf).expect(200);
    expect(out.body).toEqual({ redirectTo: '/' });
    await agent.get('/api/me').expect(401);
  });

  it('starts the code flow with a pending login and rejects an unknown state at the callback', async () => {
    const { app } = await testApp(env(), new FakeOidc());
    const agent = request.agent(app);
    const start = await agent.get('/auth/login?returnTo=/ns/x').expect(302);
    expect(start.headers.location).toBe('https://issuer.test/auth?state=s1');
    const bad = await agent.get('/auth/callback?code=c&state=other').expect(400);
    expect(bad.body.reason).toBe('LoginExpired');
    const ok = await agent.get('/auth/callback?code=c&state=s1').expect(303);
    expect(ok.headers.location).toBe('/ns/x');
    await agent.get('/api/me').expect(200);
  });

  it('uses Secure cookies when the public URL is https', async () => {
    const { app } = await testApp({ ...env(), SERVEDECK_PUBLIC_URL: 'https://deck.example.com' }, new FakeOidc());
    const res = await request(app)
      .post('/auth/password')
      .set('x-forwarded-proto', 'https')
      .send({ email: 'user@example.com', password: '12341234' })
      .expect(200);
    expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
  });
});
