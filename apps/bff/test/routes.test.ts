import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';

const ISVCS = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices';
const live = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'iris', resourceVersion: '7' },
};

describe('Kubernetes routes (kubeconfig mode, fake apiserver)', () => {
  const api = new FakeServer();
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => {
    api.requests.length = 0;
  });

  async function agent(env: Record<string, string> = {}) {
    const { app } = await testApp({
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_PASSWORD_LOGIN: 'false',
      ...env,
    });
    const a = request.agent(app);
    const me = await a.get('/api/me').expect(200);
    expect(me.body).toMatchObject({ mode: 'kubeconfig', user: { name: 'admin' } });
    return { a, token: String(me.body.csrfToken) };
  }

  it('passes dryRun and fieldValidation, returns apiserver warnings, accepts YAML', async () => {
    api.on('POST', ISVCS, (_req, res) => {
      res.writeHead(201, {
        'content-type': 'application/json',
        warning: '299 - "unknown field \\"spec.predictor.sklearn.ProtocolVersion\\""',
      });
      res.end(JSON.stringify(live));
    });
    const { a, token } = await agent();
    const yaml = 'metadata:\n  name: iris\nspec:\n  predictor:\n    sklearn:\n      ProtocolVersion: v2\n';
    const res = await a
      .post('/api/namespaces/ns/inferenceservices?dryRun=All&fieldValidation=Warn')
      .set('x-csrf-token', token)
      .set('content-type', 'application/yaml')
      .send(yaml)
      .expect(201);
    expect(res.body.warnings).toEqual(['unknown field "spec.predictor.sklearn.ProtocolVersion"']);
    const sent = api.requests.at(-1);
    expect(sent?.url).toContain('dryRun=All');
    expect(sent?.url).toContain('fieldValidation=Warn');
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      spec: { predictor: { sklearn: { ProtocolVersion: 'v2' } } },
    });
    expect(sent?.headers.authorization).toBe('Bearer service-token');
  });

  it('answers YAML errors with line and column in the causes', async () => {
    const { a, token } = await agent();
    const res = await a
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', token)
      .set('content-type', 'application/yaml')
      .send('metadata:\n  name: a\n  name: b\n')
      .expect(400);
    expect(res.body.reason).toBe('BadRequest');
    expect(res.body.causes[0].message).toMatch(/line 3, column 3/);
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\n${Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ).join('\n')}\n`;
    await a
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', token)
      .set('content-type', 'application/yaml')
      .send(bomb)
      .expect(400);
    expect(api.requests.length).toBe(0);
  });

  it('maps apiserver errors to ApiError with causes, and a 409 carries the live object', async () => {
    api.json('PUT', `${ISVCS}/iris`, 409, status(409, 'Conflict', 'the object has been modified'));
    api.json('GET', `${ISVCS}/iris`, 200, live);
    api.json(
      'PATCH',
      `${ISVCS}/iris`,
      422,
      status(422, 'Invalid', 'invalid', [
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.predictor' },
      ]),
    );
    const { a, token } = await agent();
    const c = await a
      .put('/api/namespaces/ns/inferenceservices/iris')
      .set('x-csrf-token', token)
      .send(live)
      .expect(409);
    expect(c.body).toMatchObject({ status: 409, reason: 'Conflict', live });
    const p = await a
      .patch('/api/namespaces/ns/inferenceservices/iris?dryRun=All')
      .set('x-csrf-token', token)
      .set('content-type', 'application/merge-patch+json')
      .send({ spec: { predictor: null } })
      .expect(422);
    expect(p.body.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.predictor' },
    ]);
    expect(api.requests.find((r) => r.method === 'PATCH')?.headers['content-type']).toBe(
      'application/merge-patch+json',
    );
  });

  it('never answers a stack: unknown failures are a 500 ApiError with a request id', async () => {
    api.on('GET', `${ISVCS}/boom`, (req) => {
      req.socket.destroy();
    });
    const { a } = await agent();
    const res = await a.get('/api/namespaces/ns/inferenceservices/boom').set('x-request-id', 'req-123');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ reason: 'UpstreamUnavailable', requestId: 'req-123' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
    await a.get('/api/namespaces/Bad_NS/inferenceservices').expect(400);
  });

  it('lists all namespaces per usable namespace: list forbidden, access reviews decide', async () => {
    api.json('GET', '/api/v1/namespaces', 403, status(403, 'Forbidden', 'nope'));
    api.on('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', (_req, res, body) => {
      const ns = JSON.parse(body).spec.resourceAttributes.namespace;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: { allowed: ns === 'ns' || ns === 'other' } }));
    });
    api.json('GET', ISVCS, 200, { items: [live], metadata: { resourceVersion: '9' } });
    api.json(
      'GET',
      '/apis/serving.kserve.io/v1beta1/namespaces/other/inferenceservices',
      403,
      status(403, 'Forbidden', 'no'),
    );
    const { a } = await agent({ SERVEDECK_NAMESPACES: 'ns,other,closed' });
    const nss = await a.get('/api/namespaces').expect(200);
    expect(nss.body).toEqual({ items: [{ name: 'ns' }, { name: 'other' }] });
    const all = await a.get('/api/namespaces/_all/inferenceservices').expect(200);
    expect(all.body.items).toEqual([live]);
    expect(all.body.warnings[0]).toMatch(/^other: Forbidden/);
    const one = await a.get('/api/namespaces/ns/inferenceservices').expect(200);
    expect(one.body.resourceVersion).toBe('9');
  });

  it('reads owned resources and their events by label and involvedObject', async () => {
    api.json('GET', `${ISVCS}/iris`, 200, live);
    api.json('GET', '/api/v1/namespaces/ns/pods', 200, {
      items: [
        {
          metadata: {
            name: 'iris-predictor-abc',
            namespace: 'ns',
            labels: { 'serving.kserve.io/inferenceservice': 'iris' },
          },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
      ],
    });
    api.json('GET', '/api/v1/namespaces/ns/services', 200, { items: [] });
    api.json('GET', '/apis/apps/v1/namespaces/ns/deployments', 403, status(403, 'Forbidden', 'no deployments for you'));
    api.json('GET', '/api/v1/namespaces/ns/events', 200, {
      items: [
        { metadata: { name: 'e1' }, involvedObject: { kind: 'InferenceService', name: 'iris' } },
        { metadata: { name: 'e2' }, involvedObject: { kind: 'Pod', name: 'iris-predictor-abc' } },
        { metadata: { name: 'e3' }, involvedObject: { kind: 'Pod', name: 'unrelated' } },
      ],
    });
    const { a } = await agent();
    const r = await a.get('/api/namespaces/ns/inferenceservices/iris/resources').expect(200);
    expect(r.body.pods).toHaveLength(1);
    expect(r.body.deployments).toEqual([]);
    expect(r.body.warnings[0]).toMatch(/^deployments: Forbidden/);
    expect(api.requests.find((x) => x.url.startsWith('/api/v1/namespaces/ns/pods'))?.url).toContain(
      'labelSelector=serving.kserve.io%2Finferenceservice%3Diris',
    );
    const ev = await a.get('/api/namespaces/ns/inferenceservices/iris/events').expect(200);
    expect(ev.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual(['e1', 'e2']);
    const counts = await a.get('/api/namespaces/ns/inferenceservice-pods').expect(200);
    expect(counts.body.items).toEqual([{ namespace: 'ns', name: 'iris', ready: 1, total: 1 }]);
  });

  it('streams pod logs as text/plain with the options passed through', async () => {
    api.on('GET', '/api/v1/namespaces/ns/pods/p1/log', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('line 1\nline 2\n');
    });
    const { a } = await agent();
    const res = await a
      .get('/api/namespaces/ns/pods/p1/log?container=kserve-container&tailLines=10&previous=true')
      .expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toBe('line 1\nline 2\n');
    const url = api.requests.at(-1)?.url ?? '';
    expect(url).toContain('container=kserve-container');
    expect(url).toContain('tailLines=10');
    expect(url).toContain('previous=true');
    await a.get('/api/namespaces/ns/pods/p1/log?tailLines=-1').expect(400);
  });

  it('serves the InferenceService schema from the CRD', async () => {
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    api.json(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/inferenceservices.serving.kserve.io',
      200,
      {
        metadata: { resourceVersion: '42' },
        spec: { versions: [{ name: 'v1alpha1' }, { name: 'v1beta1', schema: { openAPIV3Schema: schema } }] },
      },
    );
    const { a } = await agent();
    const res = await a.get('/api/schema/inferenceservice').expect(200);
    expect(res.body).toEqual(schema);
    expect(res.headers.etag).toBe('"crd-42"');
  });

  it('sets security headers: CSP allowing blob: workers, no inline scripts', async () => {
    const { a } = await agent();
    const res = await a.get('/api/me');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});
