import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { externalBase, loadConfig } from '../src/config';
import { buildServices } from '../src/services';
import { silent } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

describe('SERVEDECK_BASE_PATH (served under /servedeck behind Kubeflow)', () => {
  const api = new FakeServer();
  const gw = new FakeServer();
  beforeAll(async () => {
    await api.start();
    await gw.start();
    api.json('GET', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris', 200, {
      metadata: { name: 'iris' },
      status: { url: 'http://iris-ns.example.com' },
    });
    gw.json('GET', '/v2/health/ready', 200, { ready: true });
  });
  afterAll(async () => {
    await api.stop();
    await gw.stop();
  });

  it('mounts everything below the prefix, keeps probes at the root and tells the SPA its base', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sd-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><html><head><title>ServeDeck</title><base href="/" /></head></html>',
    );
    const config = loadConfig({
      SERVEDECK_AUTH_MODE: 'trusted-header',
      SERVEDECK_TRUSTED_PROXIES: '127.0.0.1,::1',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_BASE_PATH: '/servedeck/',
      SERVEDECK_USERID_HEADER: 'X-Auth-User',
      SERVEDECK_USERID_PREFIX: 'accounts.example.com:',
      SERVEDECK_GATEWAY_URL: gw.url,
    });
    expect(config.basePath).toBe('/servedeck');
    const services = await buildServices(config, silent, { defaultMetrics: false });
    const app = createApp({ webDist: dist, isReady: async () => true, services });
    await request(app).get('/healthz').expect(200);
    await request(app).get('/readyz').expect(200);
    const me = await request(app)
      .get('/servedeck/api/me')
      .set('x-auth-user', 'accounts.example.com:user@example.com')
      .expect(200);
    expect(me.body.user.name).toBe('user@example.com');
    const page = await request(app).get('/servedeck/ns/x').expect(200);
    expect(page.text).toContain('<head><meta name="servedeck-base" content="/servedeck"><title>');
    // Relative asset URLs resolve under the prefix.
    expect(page.text).toContain('<base href="/servedeck/" />');
    const infer = await request(app)
      .get('/servedeck/api/namespaces/ns/inferenceservices/iris/infer/v2/health/ready')
      .set('x-auth-user', 'user@example.com')
      .expect(200);
    expect(infer.body).toEqual({ ready: true });
    expect(gw.requests.at(-1)?.headers['x-auth-user']).toBeUndefined();
    await request(app).get('/api/me').expect(404);
    await services.close();
  });

  it('builds the external base once', () => {
    expect(externalBase({ publicUrl: 'https://kf.example.com', basePath: '/servedeck' })).toBe(
      'https://kf.example.com/servedeck',
    );
    expect(externalBase({ publicUrl: 'https://kf.example.com/servedeck', basePath: '/servedeck' })).toBe(
      'https://kf.example.com/servedeck',
    );
    expect(externalBase({ publicUrl: 'http://127.0.0.1:8080', basePath: '' })).toBe('http://127.0.0.1:8080');
  });

  it('configures in-cluster access without a kubeconfig', () => {
    const c = loadConfig({
      SERVEDECK_AUTH_MODE: 'trusted-header',
      SERVEDECK_TRUSTED_PROXIES: '10.0.0.0/8',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      SERVEDECK_KUBE_CA_FILE: '/var/run/servedeck/kube-ca/ca.crt',
    });
    expect(c.cluster).toEqual({
      kind: 'in-cluster',
      server: 'https://10.96.0.1:443',
      caFile: '/var/run/servedeck/kube-ca/ca.crt',
      tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
  });
});
