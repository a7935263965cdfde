/** The inference lean path run by the server before Express's router (leanPathFirst), plain and under a base path. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { leanPathFirst } from '../src/inference/lean-path';
import { FakeOidc, testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

const ISVC = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris';
const isvc = {
  metadata: { name: 'iris', namespace: 'ns' },
  status: { url: 'http://iris-ns.example.com', address: { url: 'http://iris-predictor.ns.svc.cluster.local' } },
};

describe('inference before the router', () => {
  const api = new FakeServer();
  const gw = new FakeServer();
  beforeAll(async () => {
    await api.start();
    await gw.start();
    api.json('GET', ISVC, 200, isvc);
    gw.on('*', /^\/v2\/models\/iris\/infer$/, (req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ got: body.length, host: req.headers.host }));
    });
  });
  afterAll(async () => {
    await api.stop();
    await gw.stop();
  });

  async function front(basePath = '') {
    const { app } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
        SERVEDECK_GATEWAY_URL: gw.url,
        ...(basePath ? { SERVEDECK_BASE_PATH: basePath } : {}),
      },
      new FakeOidc(),
    );
    const listener = leanPathFirst(app);
    const agent = request.agent(listener);
    const login = await agent
      .post(`${basePath}/auth/password`)
      .send({ email: 'user@example.com', password: '12341234' })
      .expect(200);
    return { app, listener, agent, csrf: String(login.body.csrfToken) };
  }
  const infer = '/api/namespaces/ns/inferenceservices/iris/infer/v2/models/iris/infer';

  it('answers an inference request without entering the Express app, with the same checks and headers', async () => {
    const { app, agent, csrf } = await front();
    // app.handle is Express's own entry (express/lib/application.js), not in its type declarations
    const handle = vi.spyOn(app as unknown as { handle: (...args: unknown[]) => void }, 'handle');
    const res = await agent.post(infer).set('x-csrf-token', csrf).send({ inputs: [] }).expect(200);
    expect(res.body).toEqual({ got: 13, host: 'iris-ns.example.com' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // refusals are answered as everywhere (res.status().json() work: the request has Express's prototypes)
    const noCsrf = await agent.post(infer).send({}).expect(403);
    expect(noCsrf.body.reason).toBeTruthy();
    const anonymous = await request(leanPathFirst(app)).post(infer).send({}).expect(401);
    expect(anonymous.body).toMatchObject({ status: 401 });
    expect(handle).not.toHaveBeenCalled();
    // everything else goes to the app
    await agent.get('/healthz').expect(200);
    await agent.get('/api/nope').expect(404);
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it('under SERVEDECK_BASE_PATH takes the prefix off as mounting does, and leaves other paths to the app', async () => {
    const { agent, csrf } = await front('/servedeck');
    const res = await agent.post(`/servedeck${infer}`).set('x-csrf-token', csrf).send({ a: 1 }).expect(200);
    expect(res.body).toEqual({ got: 7, host: 'iris-ns.example.com' });
    await agent.post(`/servedeckx${infer}`).set('x-csrf-token', csrf).send({}).expect(404);
    await agent.post(infer).set('x-csrf-token', csrf).send({}).expect(404);
    await agent.get('/healthz').expect(200);
  });
});
