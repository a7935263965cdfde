import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveGraphTarget } from '../src/inference/graph-target';
import { testApp } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';

const GRAPHS = '/apis/serving.kserve.io/v1alpha1/namespaces/ns/inferencegraphs';
const graph = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'InferenceGraph',
  metadata: { name: 'model-chainer', namespace: 'ns', resourceVersion: '3' },
  spec: { nodes: { root: { routerType: 'Sequence', steps: [{ serviceName: 'sklearn-iris' }] } } },
  status: { url: 'http://model-chainer.ns.svc.cluster.local' },
};

describe('InferenceGraph routes (registry kind, fake apiserver)', () => {
  const api = new FakeServer();
  let gw: Server;
  let gwUrl = '';
  const seen: { host?: string | undefined; url?: string | undefined; auth?: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    await api.start();
    gw = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        seen.push({ host: req.headers.host, url: req.url, auth: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"predictions":[1]}');
      });
    });
    await new Promise<void>((r) => gw.listen(0, '127.0.0.1', r));
    gwUrl = `http://127.0.0.1:${(gw.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await api.stop();
    gw.close();
  });
  beforeEach(() => {
    api.requests.length = 0;
    seen.length = 0;
  });

  async function agent() {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
      SERVEDECK_GATEWAY_URL: gwUrl,
      SERVEDECK_CLUSTER_LOCAL_URL: gwUrl,
    });
    const a = request.agent(app);
    const me = await a.get('/api/me').expect(200);
    return { a, token: String(me.body.csrfToken) };
  }

  it('lists, reads and dry-run creates graphs at the registry paths, with apiVersion and kind filled in', async () => {
    api.json('GET', GRAPHS, 200, { items: [graph], metadata: { resourceVersion: '9' } });
    api.json('GET', `${GRAPHS}/model-chainer`, 200, graph);
    api.json('POST', GRAPHS, 201, graph);
    const { a, token } = await agent();
    const list = await a.get('/api/namespaces/ns/inferencegraphs').expect(200);
    expect(list.body.items).toHaveLength(1);
    await a.get('/api/namespaces/ns/inferencegraphs/model-chainer').expect(200);
    const created = await a
      .post('/api/namespaces/ns/inferencegraphs?dryRun=All&fieldValidation=Strict')
      .set('x-csrf-token', token)
      .send({ metadata: { name: 'model-chainer' }, spec: graph.spec })
      .expect(201);
    expect(created.body.object.metadata.name).toBe('model-chainer');
    expect(created.body.history).toBeUndefined();
    const sent = api.requests.at(-1);
    expect(sent?.url).toContain('dryRun=All');
    expect(sent?.url).toContain('fieldManager=servedeck');
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'InferenceGraph',
    });
  });

  it('answers a conflict with the live graph, and passes the apiserver 403 through', async () => {
    api.on('PUT', `${GRAPHS}/model-chainer`, (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status(409, 'Conflict', 'the object has been modified')));
    });
    api.json('GET', `${GRAPHS}/model-chainer`, 200, graph);
    api.on('DELETE', `${GRAPHS}/other`, (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status(403, 'Forbidden', 'inferencegraphs "other" is forbidden')));
    });
    const { a, token } = await agent();
    const conflict = await a
      .put('/api/namespaces/ns/inferencegraphs/model-chainer')
      .set('x-csrf-token', token)
      .send({ ...graph, metadata: { ...graph.metadata, resourceVersion: '1' } })
      .expect(409);
    expect(conflict.body.live.metadata.resourceVersion).toBe('3');
    const refused = await a.delete('/api/namespaces/ns/inferencegraphs/other').set('x-csrf-token', token).expect(403);
    expect(refused.body.reason).toBe('Forbidden');
  });

  it('serves the InferenceGraph schema from its CRD (v1alpha1)', async () => {
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    api.json('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/inferencegraphs.serving.kserve.io', 200, {
      metadata: { resourceVersion: '5' },
      spec: { versions: [{ name: 'v1alpha1', schema: { openAPIV3Schema: schema } }] },
    });
    const { a } = await agent();
    expect((await a.get('/api/schema/inferencegraph').expect(200)).body).toEqual(schema);
  });

  it("sends a console request to the graph's router at its status URL only, and refuses other paths", async () => {
    api.json('GET', `${GRAPHS}/model-chainer`, 200, graph);
    const { a, token } = await agent();
    const res = await a
      .post('/api/namespaces/ns/inferencegraphs/model-chainer/infer/')
      .set('x-csrf-token', token)
      .send({ instances: [[6.8, 2.8, 4.8, 1.4]] })
      .expect(200);
    expect(res.body).toEqual({ predictions: [1] });
    expect(seen[0]).toMatchObject({ host: 'model-chainer.ns.svc.cluster.local', url: '/', auth: undefined });
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ instances: [[6.8, 2.8, 4.8, 1.4]] });
    const bad = await a
      .post('/api/namespaces/ns/inferencegraphs/model-chainer/infer/v2/models/x/infer')
      .set('x-csrf-token', token)
      .send({})
      .expect(400);
    expect(bad.body.message).toContain('InferenceGraph');
  });

  it('resolves external graph URLs through the gateway with the token, and says when there is no URL yet', () => {
    const cfg = { gatewayUrl: 'http://gw:1', clusterLocalUrl: 'http://local:2' };
    expect(resolveGraphTarget({ status: { url: 'http://g-ns.example.com/x/' } }, cfg)).toEqual({
      origin: 'http://gw:1',
      host: 'g-ns.example.com',
      basePath: '/x',
      bearer: true,
    });
    expect(() => resolveGraphTarget({ status: {} }, cfg)).toThrow(/no URL yet/);
    expect(() => resolveGraphTarget({ status: { url: 'file:///etc/passwd' } }, cfg)).toThrow(/not http/);
  });
});
