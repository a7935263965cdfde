/** The diagnostics routes against a fake apiserver and gateway: merged logs, events of every owned kind, readiness. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOidc, loggedIn, testApp } from '../helpers/app';
import { FakeServer, status } from '../helpers/fake-apiserver';

const NS = '/api/v1/namespaces/ns';
const ISVC = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris';
const isvc = {
  metadata: { name: 'iris', namespace: 'ns' },
  spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, protocolVersion: 'v2' } } },
  status: { url: 'http://iris-ns.example.com' },
};
const pod = (name: string) => ({ metadata: { name, namespace: 'ns' } });
const LOGS: Record<string, string> = {
  'iris-predictor-b': '2026-12-06T07:00:02Z b started\n2026-12-06T07:00:04.25Z b ready\n',
  'iris-predictor-a': '2026-12-06T07:00:01Z a started\n2026-12-06T07:00:04.2Z a ready\n',
};

describe('diagnostics routes', () => {
  const api = new FakeServer();
  const gw = new FakeServer();
  beforeAll(async () => {
    await api.start();
    await gw.start();
    api.json('GET', ISVC, 200, isvc);
    api.json('GET', `${NS}/pods`, 200, {
      items: [pod('iris-predictor-b'), pod('iris-predictor-a'), pod('iris-predictor-c')],
    });
    api.on('GET', /^\/api\/v1\/namespaces\/ns\/pods\/[^/]+\/log$/, (req, res) => {
      const name = (req.url ?? '').split('/')[6] ?? '';
      const text = LOGS[name];
      if (text === undefined) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status(
              400,
              'BadRequest',
              `container "kserve-container" in pod "${name}" is waiting to start: PodInitializing`,
            ),
          ),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(text);
    });
    gw.on('GET', '/v2/health/ready', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    gw.on('GET', '/v2/models/iris/ready', (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":"Model iris is not ready"}');
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

  async function session() {
    const { app } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
        SERVEDECK_GATEWAY_URL: gw.url,
      },
      new FakeOidc(),
    );
    return loggedIn(app);
  }

  it('merges the logs of a component`s pods by time, each line prefixed by its pod, as the user', async () => {
    const { agent } = await session();
    const res = await agent
      .get('/api/namespaces/ns/inferenceservices/iris/logs?component=predictor&tailLines=50')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['x-log-pods']).toBe('iris-predictor-a,iris-predictor-b,iris-predictor-c');
    expect(res.text.split('\n')).toEqual([
      'iris-predictor-c - (log not available: BadRequest: container "kserve-container" in pod "iris-predictor-c" is waiting to start: PodInitializing)',
      'iris-predictor-a 2026-12-06T07:00:01Z a started',
      'iris-predictor-b 2026-12-06T07:00:02Z b started',
      'iris-predictor-a 2026-12-06T07:00:04.2Z a ready',
      'iris-predictor-b 2026-12-06T07:00:04.25Z b ready',
      '',
    ]);
    const list = api.requests.find((r) => r.url.startsWith(`${NS}/pods?`));
    expect(decodeURIComponent(list?.url ?? '')).toContain(
      'labelSelector=serving.kserve.io/inferenceservice=iris,component=predictor',
    );
    const log = api.requests.find((r) => r.url.startsWith(`${NS}/pods/iris-predictor-a/log`));
    expect(log?.url).toContain('timestamps=true');
    expect(log?.url).toContain('tailLines=50');
    expect(log?.url).toContain('container=kserve-container');
    expect(log?.headers.authorization).toMatch(/^Bearer idtoken-/);
  });

  it('downloads the whole log: no tail, no byte limit, an attachment', async () => {
    const { agent } = await session();
    const res = await agent
      .get('/api/namespaces/ns/inferenceservices/iris/logs?component=predictor&tailLines=5&download=true')
      .expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ns_iris_predictor_kserve-container.log"');
    const log = api.requests.find((r) => r.url.startsWith(`${NS}/pods/iris-predictor-a/log`));
    expect(log?.url).not.toContain('tailLines');
    expect(log?.url).not.toContain('limitBytes');
  });

  it('downloads one pod`s whole log through the pod log route', async () => {
    const { agent } = await session();
    const res = await agent
      .get('/api/namespaces/ns/pods/iris-predictor-a/log?container=kserve-container&download=true')
      .expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ns_iris-predictor-a_kserve-container.log"');
    expect(api.requests.at(-1)?.url).not.toContain('limitBytes');
  });

  it('refuses unknown components and containers by name, and answers the InferenceService`s own 404', async () => {
    const { agent } = await session();
    const bad = await agent.get('/api/namespaces/ns/inferenceservices/iris/logs?component=router').expect(400);
    expect(bad.body.causes[0].field).toBe('component');
    await agent.get('/api/namespaces/ns/inferenceservices/iris/logs?container=Bad_Name').expect(400);
    const gone = await agent.get('/api/namespaces/ns/inferenceservices/other/logs').expect(404);
    expect(gone.body.reason).toBe('NotFound');
  });

  it('shows events of ReplicaSets and HPAs it owns; a kind the user may not read is a warning', async () => {
    api.json('GET', `${NS}/services`, 200, { items: [] });
    api.json('GET', '/apis/apps/v1/namespaces/ns/deployments', 200, {
      items: [{ metadata: { name: 'iris-predictor' } }],
    });
    api.json('GET', '/apis/apps/v1/namespaces/ns/replicasets', 200, {
      items: [{ metadata: { name: 'iris-predictor-6d5f' } }],
    });
    api.json(
      'GET',
      '/apis/autoscaling/v2/namespaces/ns/horizontalpodautoscalers',
      403,
      status(403, 'Forbidden', 'horizontalpodautoscalers is forbidden'),
    );
    api.json('GET', `${NS}/events`, 200, {
      items: [
        {
          metadata: { name: 'quota' },
          reason: 'FailedCreate',
          involvedObject: { kind: 'ReplicaSet', name: 'iris-predictor-6d5f' },
        },
        { metadata: { name: 'other-rs' }, involvedObject: { kind: 'ReplicaSet', name: 'other-6d5f' } },
        // a Service named like the ReplicaSet is not it
        { metadata: { name: 'svc' }, involvedObject: { kind: 'Service', name: 'iris-predictor-6d5f' } },
        { metadata: { name: 'pod' }, involvedObject: { kind: 'Pod', name: 'iris-predictor-a' } },
      ],
    });
    const { agent } = await session();
    const ev = await agent.get('/api/namespaces/ns/inferenceservices/iris/events').expect(200);
    expect(ev.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['quota', 'pod']);
    expect(ev.body.warnings).toEqual(['horizontalpodautoscalers: Forbidden: horizontalpodautoscalers is forbidden']);
    const rs = api.requests.find((r) => r.url.startsWith('/apis/apps/v1/namespaces/ns/replicasets'));
    expect(decodeURIComponent(rs?.url ?? '')).toContain('labelSelector=serving.kserve.io/inferenceservice=iris');
  });

  it('model readiness: the server ready, the model not, asked through the gateway with the status host and ID token', async () => {
    const { agent } = await session();
    const res = await agent.get('/api/namespaces/ns/inferenceservices/iris/model-readiness').expect(200);
    expect(res.body).toMatchObject({
      protocol: 'v2',
      model: 'iris',
      server: { path: '/v2/health/ready', state: 'ready', status: 200 },
      modelReady: {
        path: '/v2/models/iris/ready',
        state: 'not-ready',
        status: 503,
        message: 'Model iris is not ready',
      },
    });
    expect(gw.requests.map((r) => r.url).sort()).toEqual(['/v2/health/ready', '/v2/models/iris/ready']);
    for (const r of gw.requests) {
      expect(r.headers.host).toBe('iris-ns.example.com');
      expect(r.headers.authorization).toMatch(/^Bearer idtoken-/);
    }
    await agent.get('/api/namespaces/ns/inferenceservices/nope/model-readiness').expect(404);
  });
});
