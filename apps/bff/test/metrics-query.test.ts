import { isvcMetricsSchema, namespaceRatesSchema } from '@servedeck/shared';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOidc, loggedIn, testApp } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';
import { FakePrometheus } from './helpers/fake-prometheus';

const ISVC = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris';
const ISVCS = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices';
const iris = { metadata: { name: 'iris', namespace: 'ns' }, spec: { predictor: { sklearn: {} } } };

describe('metrics routes (fake apiserver, fake Prometheus)', () => {
  const api = new FakeServer();
  const prom = new FakePrometheus();
  beforeAll(async () => {
    await api.start();
    await prom.start();
  });
  afterAll(async () => {
    await api.stop();
    await prom.stop();
  });
  beforeEach(() => {
    api.requests.length = 0;
    prom.reset();
  });

  async function kubeconfigAgent(env: Record<string, string> = {}) {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
      ...env,
    });
    return request.agent(app);
  }

  it('answers 404 MetricsNotConfigured when SERVEDECK_PROMETHEUS_URL is not set, without asking the apiserver', async () => {
    api.json('GET', ISVC, 200, iris);
    const a = await kubeconfigAgent();
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(404);
    expect(res.body).toMatchObject({ reason: 'MetricsNotConfigured' });
    expect(res.body.message).toContain('SERVEDECK_PROMETHEUS_URL');
    const list = await a.get('/api/namespaces/ns/inferenceservice-metrics').expect(404);
    expect(list.body.reason).toBe('MetricsNotConfigured');
    expect(api.requests.filter((r) => r.url.startsWith(ISVCS))).toHaveLength(0);
  });

  it('reads the InferenceService as the user, then answers every series from Prometheus with NaN points left out', async () => {
    api.json('GET', ISVC, 200, iris);
    prom.answer(/rest_server_requests_total.*label_replace/, [
      {
        metric: { outcome: '2xx' },
        values: [
          [1000, '2'],
          [1005, '3'],
        ],
      },
      { metric: { outcome: '5xx' }, values: [[1000, '0.5']] },
    ]);
    prom.answer(/histogram_quantile\(0.95/, [
      {
        metric: {},
        values: [
          [1000, 'NaN'],
          [1005, '0.012'],
        ],
      },
    ]);
    prom.answer(/container_cpu_usage_seconds_total/, [{ metric: {}, values: [[1000, '0.25']] }]);
    prom.answerInstant(/request_predict_seconds_count/, [{ metric: {}, value: [1800, '100'] }]);
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics?range=15m').expect(200);
    const body = isvcMetricsSchema.parse(res.body);
    expect(body).toMatchObject({ namespace: 'ns', name: 'iris', range: '15m', step: 5 });
    expect(body.end - body.start).toBe(900);
    expect(body.series).toEqual([
      {
        metric: 'requests',
        label: '2xx',
        unit: 'req/s',
        points: [
          [1000, 2],
          [1005, 3],
        ],
      },
      { metric: 'requests', label: '5xx', unit: 'req/s', points: [[1000, 0.5]] },
      { metric: 'latencyP95', label: '', unit: 's', points: [[1005, 0.012]] },
      { metric: 'cpu', label: '', unit: 'cores', points: [[1000, 0.25]] },
    ]);
    expect(body.totals).toEqual({ requests: 100, errors: null });
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toContain(`GET ${ISVC}`);
    // every query is scoped to the namespace and to the pods of this InferenceService
    expect(prom.queries.length).toBe(12);
    for (const q of prom.queries) {
      expect(q.query).toContain('namespace="ns"');
      expect(q.query).toMatch(/pod=~"iris-\((predictor|predictor\|transformer\|explainer)\)-\.\+"/);
    }
    const range = prom.queries.find((q) => q.path === '/api/v1/query_range');
    expect(range).toMatchObject({ step: '5', start: String(body.start), end: String(body.end) });
  });

  it('keeps every range at or under 300 points', async () => {
    api.json('GET', ISVC, 200, iris);
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    for (const range of ['15m', '1h', '6h', '24h', '7d']) {
      const res = await a.get(`/api/namespaces/ns/inferenceservices/iris/metrics?range=${range}`).expect(200);
      expect((res.body.end - res.body.start) / res.body.step + 1).toBeLessThanOrEqual(300);
    }
  });

  it('counts requests on the transformer when the InferenceService has one, resources on every component', async () => {
    api.json('GET', ISVC, 200, { ...iris, spec: { predictor: {}, transformer: { containers: [] } } });
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(200);
    const requests = prom.queries.find((q) => q.query.includes('outcome'));
    expect(requests?.query).toContain('pod=~"iris-(transformer)-.+"');
    const cpu = prom.queries.find((q) => q.query.includes('container_cpu_usage_seconds_total'));
    expect(cpu?.query).toContain('pod=~"iris-(predictor|transformer|explainer)-.+"');
  });

  it('component=explainer narrows every query to the explainer pods', async () => {
    api.json('GET', ISVC, 200, iris);
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics?component=explainer').expect(200);
    expect(res.body.component).toBe('explainer');
    for (const q of prom.queries) expect(q.query).toContain('pod=~"iris-(explainer)-.+"');
  });

  it('refuses a bad range or component with 400 naming the parameter, before any upstream call', async () => {
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    const bad = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics?range=2h').expect(400);
    expect(bad.body.causes).toEqual([{ field: 'range', message: 'unsupported value "2h"' }]);
    expect(bad.body.message).toContain('15m, 1h, 6h, 24h, 7d');
    const comp = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics?component=pod').expect(400);
    expect(comp.body.causes[0].field).toBe('component');
    expect(api.requests).toHaveLength(0);
    expect(prom.queries).toHaveLength(0);
  });

  it('passes the apiserver refusal through and never asks Prometheus', async () => {
    api.json('GET', ISVC, 403, status(403, 'Forbidden', 'inferenceservices "iris" is forbidden'));
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(prom.queries).toHaveLength(0);
  });

  it('Prometheus unreachable: 503 MetricsUnavailable naming it', async () => {
    api.json('GET', ISVC, 200, iris);
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: 'http://127.0.0.1:1' });
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(503);
    expect(res.body.reason).toBe('MetricsUnavailable');
    expect(res.body.message).toMatch(/^Prometheus \(SERVEDECK_PROMETHEUS_URL\) cannot be reached/);
  });

  it('Prometheus that never answers: 503 MetricsUnavailable once the time budget is spent', async () => {
    api.json('GET', ISVC, 200, iris);
    prom.hang = true;
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(503);
    expect(res.body).toMatchObject({
      reason: 'MetricsUnavailable',
      message: 'Prometheus (SERVEDECK_PROMETHEUS_URL) did not answer within 4 s',
    });
  });

  it('a Prometheus query error and a refused token are 503 MetricsUnavailable with the cause', async () => {
    api.json('GET', ISVC, 200, iris);
    prom.status = 422;
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url });
    const res = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(503);
    expect(res.body.message).toContain('could not run the query: execution: query timed out');
    prom.status = 401;
    const denied = await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(503);
    expect(denied.body.message).toContain('SERVEDECK_PROMETHEUS_TOKEN_FILE');
  });

  it('sends the bearer token from SERVEDECK_PROMETHEUS_TOKEN_FILE', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'sd-prom-')), 'token');
    writeFileSync(file, 'prom-token\n');
    api.json('GET', ISVC, 200, iris);
    const a = await kubeconfigAgent({ SERVEDECK_PROMETHEUS_URL: prom.url, SERVEDECK_PROMETHEUS_TOKEN_FILE: file });
    await a.get('/api/namespaces/ns/inferenceservices/iris/metrics').expect(200);
    expect(prom.queries.filter((q) => q.authorization === 'Bearer prom-token')).toHaveLength(12);
  });

  describe('namespace rates (list column)', () => {
    it('authorises each user with the apiserver, then shares one cached Prometheus answer', async () => {
      api.on('GET', ISVCS, (req, res) => {
        const who = String(req.headers.authorization);
        const allowed = who.includes('user@example.com') || who.includes('viewer@example.com');
        res.writeHead(allowed ? 200 : 403, { 'content-type': 'application/json' });
        res.end(JSON.stringify(allowed ? { items: [] } : status(403, 'Forbidden', 'inferenceservices is forbidden')));
      });
      prom.answer(/sum by \(isvc, component\)/, (q) => {
        const end = Number(q.end);
        return [
          {
            metric: { isvc: 'iris', component: 'predictor' },
            values: [
              [end - 120, '1'],
              [end, '2.5'],
            ],
          },
          { metric: { isvc: 'pipe', component: 'predictor' }, values: [[end, '9']] },
          { metric: { isvc: 'pipe', component: 'transformer' }, values: [[end, '3']] },
          { metric: { isvc: 'quiet', component: 'predictor' }, values: [[end, 'NaN']] },
        ];
      });
      const configured = await oidcAppWithProm();
      const user = await loggedIn(configured, 'user@example.com');
      const viewer = await loggedIn(configured, 'viewer@example.com');
      const alice = await loggedIn(configured, 'alice@example.com');
      const first = await user.agent.get('/api/namespaces/ns/inferenceservice-metrics').expect(200);
      expect(namespaceRatesSchema.parse(first.body)).toMatchObject({
        namespace: 'ns',
        window: '5m',
        rates: { iris: 2.5, pipe: 3, quiet: 0 },
      });
      expect(first.body.history.iris).toHaveLength(31);
      expect(first.body.history.iris.slice(-3)).toEqual([1, 0, 2.5]);
      expect(first.body).toMatchObject({ step: 60, start: Number(prom.queries[0]?.end) - 30 * 60 });
      const second = await viewer.agent.get('/api/namespaces/ns/inferenceservice-metrics').expect(200);
      expect(second.body).toEqual(first.body);
      const denied = await alice.agent.get('/api/namespaces/ns/inferenceservice-metrics').expect(403);
      expect(denied.body.reason).toBe('Forbidden');
      expect(prom.queries).toHaveLength(1);
      const list = api.requests.filter((r) => r.url.startsWith(`${ISVCS}?`));
      expect(list.map((r) => r.url)).toEqual([`${ISVCS}?limit=1`, `${ISVCS}?limit=1`, `${ISVCS}?limit=1`]);
    });
  });

  /** The oidc-mode fake cluster app, rebuilt with the Prometheus URL set. */
  async function oidcAppWithProm() {
    const { app } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
        SERVEDECK_PROMETHEUS_URL: prom.url,
      },
      new FakeOidc(),
    );
    return app;
  }
});
