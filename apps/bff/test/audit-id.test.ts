import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { buildServices, type Services } from '../src/services';
import { silent } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

/** An operator follows one console request from ServeDeck's log into the apiserver's audit log. */
describe('Audit-ID', () => {
  const api = new FakeServer();
  let services: Services;
  beforeAll(async () => {
    api.json('GET', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris', 200, {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'iris', namespace: 'ns' },
    });
    await api.start();
    const config = loadConfig({ SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_KUBECONFIG: api.kubeconfig() });
    services = await buildServices(config, silent, { defaultMetrics: false });
  });
  afterAll(async () => {
    await services.close();
    await api.stop();
  });

  it('the apiserver call made for a console request carries its request id', async () => {
    const app = createApp({ webDist: undefined, isReady: async () => true, services });
    const res = await request(app).get('/api/namespaces/ns/inferenceservices/iris').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/.+/);
    const call = api.requests.find((r) =>
      r.url.startsWith('/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris'),
    );
    expect(call?.headers['audit-id']).toBe(id);
  });

  it('a cold list (pages from the apiserver) carries it too', async () => {
    api.json('GET', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices', 200, {
      kind: 'InferenceServiceList',
      metadata: { resourceVersion: '1' },
      items: [],
    });
    const app = createApp({ webDist: undefined, isReady: async () => true, services });
    const res = await request(app).get('/api/namespaces/ns/inferenceservices').expect(200);
    const call = api.requests.findLast((r) =>
      r.url.startsWith('/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices?'),
    );
    expect(call?.headers['audit-id']).toBe(res.headers['x-request-id']);
  });

  it('a request id the client sent (from a proxy in front) is the one passed on', async () => {
    const app = createApp({ webDist: undefined, isReady: async () => true, services });
    await request(app)
      .get('/api/namespaces/ns/inferenceservices/iris')
      .set('x-request-id', 'trace-abc-123')
      .expect(200);
    expect(api.requests.at(-1)?.headers['audit-id']).toBe('trace-abc-123');
  });
});
