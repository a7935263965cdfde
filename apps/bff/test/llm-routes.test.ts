import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkLlmPath, resolveLlmTarget } from '../src/inference/llm-target';
import { testApp } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';

const LLMS = '/apis/serving.kserve.io/v1alpha2/namespaces/ns/llminferenceservices';
const CONFIGS = '/apis/serving.kserve.io/v1alpha2/namespaces/ns/llminferenceserviceconfigs';
const TMS = '/apis/serving.kserve.io/v1alpha1/namespaces/ns/trainedmodels';
const llm = {
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceService',
  metadata: { name: 'tiny', namespace: 'ns', resourceVersion: '4' },
  spec: { model: { uri: 'pvc://models/tiny', name: 'tiny' }, replicas: 1 },
  status: { url: 'http://tiny-ns.example.com/ns/tiny' },
};
const tm = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'TrainedModel',
  metadata: { name: 'model1', namespace: 'ns', resourceVersion: '2' },
  spec: { inferenceService: 'mms', model: { framework: 'sklearn', storageUri: 'gs://b/m', memory: '256Mi' } },
};

describe('LLMInferenceService and TrainedModel routes (registry kinds, fake apiserver)', () => {
  const api = new FakeServer();
  let gw: Server;
  let gwUrl = '';
  const seen: { host?: string | undefined; url?: string | undefined; auth?: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    await api.start();
    // A model server speaking OpenAI: a chat completion streams as server-sent events.
    gw = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        seen.push({ host: req.headers.host, url: req.url, auth: req.headers.authorization, body });
        if (req.url?.endsWith('/v1/models')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"tiny"}]}');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[{"delta":{"content":"he"}}]}\n\n');
        setTimeout(() => {
          res.write('data: {"choices":[{"delta":{"content":"llo"}}]}\n\n');
          res.end('data: [DONE]\n\n');
        }, 20);
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

  it('lists, reads, dry-run creates and deletes LLMInferenceServices and their configs at v1alpha2', async () => {
    api.json('GET', LLMS, 200, { items: [llm], metadata: { resourceVersion: '9' } });
    api.json('GET', `${LLMS}/tiny`, 200, llm);
    api.json('POST', LLMS, 201, llm);
    api.json('DELETE', `${LLMS}/tiny`, 200, status(200, 'Success', ''));
    api.json('GET', CONFIGS, 200, { items: [], metadata: { resourceVersion: '9' } });
    const { a, token } = await agent();
    expect((await a.get('/api/namespaces/ns/llminferenceservices').expect(200)).body.items).toHaveLength(1);
    await a.get('/api/namespaces/ns/llminferenceservices/tiny').expect(200);
    await a
      .post('/api/namespaces/ns/llminferenceservices?dryRun=All&fieldValidation=Strict')
      .set('x-csrf-token', token)
      .send({ metadata: { name: 'tiny' }, spec: llm.spec })
      .expect(201);
    const sent = api.requests.at(-1);
    expect(sent?.url).toContain('dryRun=All');
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      apiVersion: 'serving.kserve.io/v1alpha2',
      kind: 'LLMInferenceService',
    });
    await a.delete('/api/namespaces/ns/llminferenceservices/tiny').set('x-csrf-token', token).expect(200);
    expect((await a.get('/api/namespaces/ns/llminferenceserviceconfigs').expect(200)).body.items).toEqual([]);
  });

  it('answers a conflict with the live TrainedModel and passes a 403 through', async () => {
    api.on('PUT', `${TMS}/model1`, (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status(409, 'Conflict', 'the object has been modified')));
    });
    api.json('GET', `${TMS}/model1`, 200, tm);
    api.on('GET', TMS, (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status(403, 'Forbidden', 'trainedmodels.serving.kserve.io is forbidden')));
    });
    const { a, token } = await agent();
    const conflict = await a
      .put('/api/namespaces/ns/trainedmodels/model1')
      .set('x-csrf-token', token)
      .send({ ...tm, metadata: { ...tm.metadata, resourceVersion: '1' } })
      .expect(409);
    expect(conflict.body.live.metadata.resourceVersion).toBe('2');
    expect((await a.get('/api/namespaces/ns/trainedmodels').expect(403)).body.reason).toBe('Forbidden');
  });

  it('serves the LLMInferenceService schema of v1alpha2 from its CRD', async () => {
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    api.json(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/llminferenceservices.serving.kserve.io',
      200,
      {
        metadata: { resourceVersion: '5' },
        spec: {
          versions: [
            { name: 'v1alpha1', schema: { openAPIV3Schema: { type: 'object' } } },
            { name: 'v1alpha2', schema: { openAPIV3Schema: schema } },
          ],
        },
      },
    );
    const { a } = await agent();
    expect((await a.get('/api/schema/llminferenceservice').expect(200)).body).toEqual(schema);
  });

  it('streams an OpenAI chat answer from the service at its status URL (path prefix kept), /v1/models too', async () => {
    api.json('GET', `${LLMS}/tiny`, 200, llm);
    const { a, token } = await agent();
    const res = await a
      .post('/api/namespaces/ns/llminferenceservices/tiny/infer/v1/chat/completions')
      .set('x-csrf-token', token)
      .send({ model: 'tiny', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .expect(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.text).toContain('"llo"');
    expect(res.text).toContain('[DONE]');
    expect(seen[0]).toMatchObject({ host: 'tiny-ns.example.com', url: '/ns/tiny/v1/chat/completions' });
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({ stream: true });
    const models = await a.get('/api/namespaces/ns/llminferenceservices/tiny/infer/v1/models').expect(200);
    expect(models.body.data[0].id).toBe('tiny');
  });

  it('refuses anything but the OpenAI paths, and says when the service has no URL yet', async () => {
    api.json('GET', `${LLMS}/tiny`, 200, llm);
    const { a, token } = await agent();
    for (const path of ['v2/models/tiny/infer', 'v1/models/../secrets', 'v1/chat/completions%2F..', 'metrics']) {
      const bad = await a
        .post(`/api/namespaces/ns/llminferenceservices/tiny/infer/${path}`)
        .set('x-csrf-token', token)
        .send({})
        .expect(400);
      expect(bad.body.reason).toBe('BadRequest');
    }
    expect(seen).toEqual([]);
    expect(checkLlmPath('/v1/completions')).toBe('/v1/completions');
    const cfg = { gatewayUrl: 'http://gw:1', clusterLocalUrl: 'http://local:2' };
    expect(() => resolveLlmTarget({ status: {} }, cfg)).toThrow(/no URL yet/);
    expect(
      resolveLlmTarget(
        { status: { addresses: [{ url: 'http://tiny-kserve-workload-svc.ns.svc.cluster.local' }] } },
        cfg,
      ),
    ).toEqual({
      origin: 'http://local:2',
      host: 'tiny-kserve-workload-svc.ns.svc.cluster.local',
      basePath: '',
      bearer: false,
    });
  });
});
