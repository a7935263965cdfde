import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBff } from '../src/main';
import { createMetricsServer } from '../src/metrics-server';
import { buildServices } from '../src/services';
import { FakeServer } from './helpers/fake-apiserver';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('operations', () => {
  const api = new FakeServer();
  beforeAll(async () => {
    await api.start();
    api.json('DELETE', '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris', 200, {
      metadata: { name: 'iris' },
    });
    api.json('GET', '/readyz', 200, 'ok');
  });
  afterAll(() => api.stop());

  it('writes one audit line per change and redacts credentials', async () => {
    const { lines, logger } = capture();
    const config = loadConfig({ SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_KUBECONFIG: api.kubeconfig() });
    const services = await buildServices(config, logger, { defaultMetrics: false });
    const app = createApp({ webDist: undefined, isReady: async () => true, services });
    const agent = request.agent(app);
    const token = (await agent.get('/api/me').set('authorization', 'Bearer eyJsecret')).body.csrfToken;
    await agent.delete('/api/namespaces/ns/inferenceservices/iris?dryRun=All').set('x-csrf-token', token).expect(200);
    const audit = lines.find((l) => l.audit !== undefined)?.audit;
    expect(audit).toMatchObject({
      user: 'admin',
      verb: 'delete',
      resource: 'inferenceservices',
      namespace: 'ns',
      name: 'iris',
      dryRun: true,
      status: 200,
    });
    logger.info({ req: { headers: { authorization: 'Bearer eyJx', cookie: 'servedeck.sid=s' } } }, 'probe');
    const all = JSON.stringify(lines);
    expect(all).not.toContain('eyJ');
    expect(all).not.toContain('servedeck.sid=s');
    // not on the users' port: on SERVEDECK_METRICS_PORT only
    await request(app).get('/metrics').expect(404);
    const metrics = await request(createMetricsServer(services.metrics)).get('/metrics').expect(200);
    expect(metrics.text).toContain('servedeck_bff_changes_total{verb="delete",status="200"} 1');
    expect(metrics.text).toContain('servedeck_bff_http_request_duration_seconds');
    await services.close();
  });

  it('starts, reports readiness from the apiserver, and shuts down gracefully', async () => {
    const bff = await startBff(
      loadConfig({
        SERVEDECK_AUTH_MODE: 'kubeconfig',
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_PORT: '0',
        SERVEDECK_METRICS_PORT: '0',
        SERVEDECK_LOG_LEVEL: 'silent',
      }),
    );
    expect((await fetch(`${bff.url}/readyz`)).status).toBe(200);
    expect(bff.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(bff.metricsUrl).not.toContain(bff.url);
    const own = await fetch(bff.metricsUrl ?? '');
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('servedeck_bff_http_request_duration_seconds');
    expect((await fetch(`${bff.url}/healthz`)).status).toBe(200);
    await bff.stop();
    await expect(fetch(`${bff.url}/healthz`)).rejects.toThrow();
  });
});
