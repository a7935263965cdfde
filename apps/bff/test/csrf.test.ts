import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

describe('CSRF', () => {
  const api = new FakeServer();
  const ISVCS = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices';
  beforeAll(async () => {
    await api.start();
    api.json('POST', ISVCS, 201, { kind: 'InferenceService', metadata: { name: 'x' } });
  });
  afterAll(() => api.stop());

  async function session() {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
    });
    const agent = request.agent(app);
    const me = await agent.get('/api/me').expect(200);
    return { agent, token: String(me.body.csrfToken) };
  }
  const body = { metadata: { name: 'x' }, spec: {} };

  it('refuses a mutating request without the token, or with a wrong one', async () => {
    const { agent } = await session();
    const before = api.requests.length;
    const res = await agent.post('/api/namespaces/ns/inferenceservices').send(body).expect(403);
    expect(res.body).toMatchObject({ status: 403, reason: 'CsrfRejected' });
    await agent.post('/api/namespaces/ns/inferenceservices').set('x-csrf-token', 'nope').send(body).expect(403);
    expect(api.requests.length).toBe(before); // nothing reached the apiserver
  });

  it('accepts the synchronizer token from /api/me', async () => {
    const { agent, token } = await session();
    const res = await agent
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', token)
      .send(body)
      .expect(201);
    // (the answer also says whether a history revision was recorded: apps/bff/src/history)
    expect(res.body).toMatchObject({ object: { kind: 'InferenceService', metadata: { name: 'x' } }, warnings: [] });
  });

  it('refuses Sec-Fetch-Site: cross-site and a foreign Origin even with the token', async () => {
    const { agent, token } = await session();
    await agent
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', token)
      .set('sec-fetch-site', 'cross-site')
      .send(body)
      .expect(403);
    await agent
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', token)
      .set('origin', 'https://evil.example.com')
      .send(body)
      .expect(403);
    await agent
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', token)
      .set('origin', 'http://127.0.0.1:8080')
      .set('sec-fetch-site', 'same-origin')
      .send(body)
      .expect(201);
  });

  it('does not need the token for reads', async () => {
    const { agent } = await session();
    api.json('GET', ISVCS, 200, { items: [], metadata: { resourceVersion: '1' } });
    await agent.get('/api/namespaces/ns/inferenceservices').expect(200);
  });
});
