import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { buildServices } from '../src/services';
import { silent } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

/** The header shows which cluster ServeDeck talks to: /api/me names it (never its credentials). */
describe('GET /api/me: the cluster', () => {
  const api = new FakeServer();
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  async function me(env: Record<string, string>) {
    const config = loadConfig({ SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_KUBECONFIG: api.kubeconfig(), ...env });
    const services = await buildServices(config, silent, { defaultMetrics: false });
    try {
      const app = createApp({ webDist: undefined, isReady: async () => true, services });
      return (await request(app).get('/api/me').expect(200)).body as Record<string, unknown>;
    } finally {
      await services.close();
    }
  }

  it('names the kubeconfig context and the server URL, and no token', async () => {
    const body = await me({});
    expect(body.cluster).toEqual({ name: 'test', server: api.url });
    expect(JSON.stringify(body)).not.toContain('service-token');
  });

  it('SERVEDECK_CLUSTER_NAME overrides the name (npm start says "sandbox")', async () => {
    expect((await me({ SERVEDECK_CLUSTER_NAME: 'sandbox' })).cluster).toEqual({ name: 'sandbox', server: api.url });
  });
});
