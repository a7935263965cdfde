/** The inference route end to end against a fake apiserver and gateway (one pair of servers for every case: kept in one file, over 300 lines). */
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Oidc } from '../src/auth/oidc';
import { capturingLogger, FakeOidc, loggedIn, silent, testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

const ISVC = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris';
const isvc = {
  metadata: { name: 'iris', namespace: 'ns' },
  status: { url: 'http://iris-ns.example.com', address: { url: 'http://iris-predictor.ns.svc.cluster.local' } },
};

/** The app against a fake apiserver and gateway, signing in through FakeOidc. */
function gatewayApp(
  api: FakeServer,
  gw: FakeServer,
  env: Record<string, string> = {},
  oidc: Oidc = new FakeOidc(),
  logger = silent,
) {
  return testApp(
    {
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
      SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
      SERVEDECK_GATEWAY_URL: gw.url,
      ...env,
    },
    oidc,
    logger,
  );
}

describe('inference proxy', () => {
  const api = new FakeServer();
  const gw = new FakeServer();
  beforeAll(async () => {
    await api.start();
    await gw.start();
    api.json('GET', ISVC, 200, isvc);
    gw.on('*', /^\/v2\/models\/iris\/infer$/, (req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'gw=1' });
      res.end(JSON.stringify({ got: body.length, host: req.headers.host }));
    });
    gw.on('GET', '/v2/health/ready', (_req, res) => {
      res.writeHead(302, { location: 'https://127.0.0.1:5556/dex/auth?client_id=x' });
      res.end();
    });
    gw.on('GET', '/v2/models/slow/ready', (_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end('late');
      }, 1500);
    });
  });
  afterAll(async () => {
    await api.stop();
    await gw.stop();
  });
  beforeEach(() => {
    api.requests.length = 0;
    gw.requests.length = 0;
  });

  async function session(env: Record<string, string> = {}, logger = silent) {
    const { app } = await gatewayApp(
      api,
      gw,
      {
        SERVEDECK_CLUSTER_LOCAL_URL: gw.url,
        SERVEDECK_INFER_MAX_BYTES: '1000',
        SERVEDECK_INFER_TIMEOUT_MS: '500',
        ...env,
      },
      new FakeOidc(),
      logger,
    );
    return { app, ...(await loggedIn(app)) };
  }
  const infer = '/api/namespaces/ns/inferenceservices/iris/infer';

  it('forwards to the gateway with the status host and the ID token, strips browser credentials', async () => {
    const { agent, csrf } = await session();
    const res = await agent
      .post(`${infer}/v2/models/iris/infer?x=1`)
      .set('x-csrf-token', csrf)
      .set('content-type', 'application/json')
      .set('kubeflow-userid', 'admin@example.com')
      .set('x-forwarded-for', '1.2.3.4')
      .send({ inputs: [] })
      .expect(200);
    expect(res.body).toEqual({ got: 13, host: 'iris-ns.example.com' });
    expect(res.headers['set-cookie'] ?? '').not.toContain('gw=1');
    expect(res.headers['server-timing']).toMatch(/^upstream;dur=\d+(\.\d+)?$/);
    const sent = gw.requests.at(-1);
    expect(sent?.url).toBe('/v2/models/iris/infer?x=1');
    expect(sent?.headers.authorization).toMatch(/^Bearer idtoken-/);
    expect(sent?.headers.cookie).toBeUndefined();
    expect(sent?.headers['kubeflow-userid']).toBeUndefined();
    expect(sent?.headers['x-forwarded-for']).toBeUndefined();
    expect(sent?.headers['x-csrf-token']).toBeUndefined();
  });

  it('sends the request id to the model server as x-request-id (the one in the answer)', async () => {
    const { agent, csrf } = await session();
    const res = await agent.post(`${infer}/v2/models/iris/infer`).set('x-csrf-token', csrf).send({}).expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(gw.requests.at(-1)?.headers['x-request-id']).toBe(res.headers['x-request-id']);
    await agent.post(`${infer}/v2/models/iris/infer`).set('x-csrf-token', csrf).set('x-request-id', 'trace-1').send({});
    expect(gw.requests.at(-1)?.headers['x-request-id']).toBe('trace-1');
  });

  it('logs refusals (no session, CSRF, Origin) at info with the request id, never the query', async () => {
    const { logger, lines } = capturingLogger('info');
    const { app, agent } = await session({}, logger);
    const url = `${infer}/v2/models/iris/infer`;
    await agent.post(url).send({}).expect(403); // no CSRF token
    await agent.post(url).set('origin', 'https://evil.example.com').send({}).expect(403);
    await request(app).get(`${infer}/v2/health/ready?secret=1`).set('x-request-id', 'anon-1').expect(401);
    const refused = lines.filter((l) => l.msg === 'inference request refused');
    expect(refused.map((l) => [l.status, l.reason])).toEqual([
      [403, 'CsrfRejected'],
      [403, 'CsrfRejected'],
      [401, 'Unauthenticated'],
    ]);
    expect(refused[2]?.req).toEqual({ id: 'anon-1', method: 'GET', url: `${infer}/v2/health/ready` });
    expect(gw.requests.length).toBe(0);
  });

  it('uses the cluster-local address without a token', async () => {
    const { agent, csrf } = await session();
    await agent
      .post(`${infer}/v2/models/iris/infer?route=cluster-local`)
      .set('x-csrf-token', csrf)
      .send({})
      .expect(200);
    const sent = gw.requests.at(-1);
    expect(sent?.headers.host).toBe('iris-predictor.ns.svc.cluster.local');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.url).toBe('/v2/models/iris/infer');
  });

  it('one inference route: percent-encoded names are decoded, the rest of the URL in any case', async () => {
    const { agent, csrf } = await session();
    for (const url of [
      '/api/namespaces/%6Es/inferenceservices/ir%69s/infer/v2/models/iris/infer',
      '/API/Namespaces/ns/InferenceServices/iris/INFER/v2/models/iris/infer',
    ]) {
      await agent.post(url).set('x-csrf-token', csrf).send({}).expect(200);
      expect(gw.requests.at(-1)?.url, url).toBe('/v2/models/iris/infer');
    }
    await agent
      .post('/api/namespaces/ns/inferenceservices/a%2Fb/infer/v2/models/iris/infer')
      .set('x-csrf-token', csrf)
      .send({})
      .expect(400);
  });

  it('reads the InferenceService once for a burst', async () => {
    const { agent, csrf } = await session();
    for (let i = 0; i < 5; i++) {
      await agent.post(`${infer}/v2/models/iris/infer`).set('x-csrf-token', csrf).send({}).expect(200);
    }
    expect(api.requests.filter((r) => r.url === ISVC).length).toBe(1);
  });

  it('turns a redirect to the login page into 502 GatewayLoginRequired', async () => {
    const { agent } = await session();
    const res = await agent.get(`${infer}/v2/health/ready`).expect(502);
    expect(res.body).toMatchObject({ reason: 'GatewayLoginRequired' });
  });

  it('refuses bodies over the limit by Content-Length and while streaming', async () => {
    const { agent, csrf } = await session();
    const big = 'x'.repeat(2000);
    const res = await agent
      .post(`${infer}/v2/models/iris/infer`)
      .set('x-csrf-token', csrf)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(big));
    expect(res.status).toBe(413);
    expect(gw.requests.length).toBe(0);
    // chunked: no Content-Length
    const { app } = await session();
    const { agent: a2, csrf: c2 } = await loggedIn(app);
    const req = a2.post(`${infer}/v2/models/iris/infer`).set('x-csrf-token', c2).set('transfer-encoding', 'chunked');
    req.write('y'.repeat(600));
    req.write('y'.repeat(600));
    const chunked = await req;
    expect(chunked.status).toBe(413);
  });

  it('times out with 504', async () => {
    const { agent } = await session();
    api.json('GET', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/slow', 200, {
      metadata: { name: 'slow' },
      status: { url: 'http://slow-ns.example.com' },
    });
    const res = await agent.get('/api/namespaces/ns/inferenceservices/slow/infer/v2/models/slow/ready').expect(504);
    expect(res.body.reason).toBe('GatewayTimeout');
  });

  it('lean path: the CSRF token, Origin and Sec-Fetch-Site rules of /api hold, before any upstream call', async () => {
    const { agent, csrf } = await session();
    const url = `${infer}/v2/models/iris/infer`;
    const refused = [
      agent.post(url).send({}),
      agent.post(url).set('x-csrf-token', 'wrong').send({}),
      agent.post(url).set('x-csrf-token', csrf).set('origin', 'https://evil.example').send({}),
      agent.post(url).set('x-csrf-token', csrf).set('sec-fetch-site', 'cross-site').send({}),
    ];
    for (const r of await Promise.all(refused)) {
      expect(r.status).toBe(403);
      expect(r.body.reason).toBe('CsrfRejected');
    }
    expect(gw.requests.length).toBe(0);
    // our own origin with the token passes
    await agent.post(url).set('x-csrf-token', csrf).set('origin', 'http://127.0.0.1:8080').send({}).expect(200);
  });

  it('lean path: security headers, request id, Cache-Control and the request metric on proxied answers', async () => {
    const { app, services } = await gatewayApp(api, gw);
    const { agent, csrf } = await loggedIn(app);
    const ok = await agent
      .post(`${infer}/v2/models/iris/infer`)
      .set('x-csrf-token', csrf)
      .set('x-request-id', 'req-lean-1')
      .send({})
      .expect(200);
    const me = await agent.get('/api/me').expect(200);
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
      expect(ok.headers[h], h).toBe(me.headers[h]);
    }
    expect(ok.headers['x-request-id']).toBe('req-lean-1');
    expect(ok.headers['cache-control']).toBe('no-store');
    const denied = await request(app).post(`${infer}/v2/models/iris/infer`).send({}).expect(401);
    expect(denied.headers['content-security-policy']).toBe(me.headers['content-security-policy']);
    expect(denied.body).toMatchObject({ reason: 'Unauthenticated', requestId: denied.headers['x-request-id'] });
    const metrics = await services.metrics.registry.metrics();
    expect(metrics).toMatch(
      /servedeck_bff_http_request_duration_seconds_count\{method="POST",route="\/api\/namespaces\/:ns\/inferenceservices\/:name\/infer\/\*path",status="200"\} 1/,
    );
  });

  it('lean path: logout, an expired session and a refreshed token behave as on every /api route', async () => {
    const oidc = new FakeOidc();
    const { app } = await gatewayApp(api, gw, {}, oidc);
    const url = `${infer}/v2/models/iris/infer`;
    // logged out: the next proxied request is refused at once
    const a = await loggedIn(app);
    await a.agent.post(url).set('x-csrf-token', a.csrf).send({}).expect(200);
    await a.agent.post('/auth/logout').set('x-csrf-token', a.csrf).expect(200);
    const out = await a.agent.post(url).set('x-csrf-token', a.csrf).send({}).expect(401);
    expect(out.body.reason).toBe('Unauthenticated');
    // a token about to expire is refreshed, and the new one goes upstream
    oidc.idTokenTtlMs = 30_000;
    const b = await loggedIn(app);
    oidc.idTokenTtlMs = 10 * 60_000;
    const before = oidc.refreshCalls;
    await b.agent.post(url).set('x-csrf-token', b.csrf).send({}).expect(200);
    expect(oidc.refreshCalls).toBe(before + 1);
    const refreshed = gw.requests.at(-1)?.headers.authorization;
    await b.agent.post(url).set('x-csrf-token', b.csrf).send({}).expect(200);
    expect(oidc.refreshCalls).toBe(before + 1);
    expect(gw.requests.at(-1)?.headers.authorization).toBe(refreshed);
    // expired and the issuer unreachable: 503, the session kept; it refreshes once the issuer is back
    oidc.idTokenTtlMs = -1000;
    oidc.refreshUnreachable = true;
    const d = await loggedIn(app);
    const sent = gw.requests.length;
    const down = await d.agent.post(url).set('x-csrf-token', d.csrf).send({}).expect(503);
    expect(down.body).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });
    expect(gw.requests.length).toBe(sent);
    oidc.refreshUnreachable = false;
    oidc.idTokenTtlMs = 10 * 60_000;
    await d.agent.post(url).set('x-csrf-token', d.csrf).send({}).expect(200);
    // expired and the refresh refused: the session ends
    oidc.idTokenTtlMs = -1000;
    oidc.failRefresh = true;
    const c = await loggedIn(app);
    const gone = await c.agent.post(url).set('x-csrf-token', c.csrf).send({}).expect(401);
    expect(gone.body.reason).toBe('Unauthenticated');
    await c.agent.get('/api/me').expect(401);
  });

  it('refuses non-protocol and traversal paths before any upstream call', async () => {
    const { app } = await session();
    const { agent } = await loggedIn(app);
    for (const p of ['/metrics', '/v2/%2e%2e/metrics', '/v2/models/a%2fb/infer', '/v2/models//x']) {
      const res = await agent.get(`${infer}${p}`);
      expect(res.status, p).toBe(400);
    }
    expect(gw.requests.length).toBe(0);
    await request(app).get(`${infer}/v2/health/ready`).expect(401);
  });
});

describe('inference proxy streaming', () => {
  const api = new FakeServer();
  const gw = new FakeServer();
  let release: () => void = () => {};
  beforeAll(async () => {
    await api.start();
    await gw.start();
    api.json('GET', ISVC, 200, isvc);
    gw.on('POST', '/openai/v1/chat/completions', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n');
      release = () => {
        res.write('data: [DONE]\n\n');
        res.end();
      };
    });
  });
  afterAll(async () => {
    await api.stop();
    await gw.stop();
  });

  it('passes an OpenAI event stream through chunk by chunk', async () => {
    const { app } = await gatewayApp(api, gw);
    const { agent, csrf } = await loggedIn(app);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const jar = (agent as unknown as { jar: { getCookies: (o: object) => { toValueString: () => string } } }).jar;
    const cookieHeader = jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .toValueString();
    const res = await fetch(
      `http://127.0.0.1:${port}/api/namespaces/ns/inferenceservices/iris/infer/openai/v1/chat/completions`,
      {
        method: 'POST',
        headers: { cookie: cookieHeader, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true }),
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    expect(first).toContain('"Hel"'); // arrived while the upstream is still open
    release();
    let rest = '';
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      rest += new TextDecoder().decode(r.value);
    }
    expect(rest).toContain('[DONE]');
    server.close();
  });
});
