import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sklearnIsvc } from '../security/harness';
import { type BffClient, loginAs, seen, USER_NS } from './client';

const ALICE_NS = 'alice';
const NAME = 'bff-rbac-probe';

describe('Kubernetes as the user: RBAC is the apiserver`s', () => {
  let user: BffClient;
  let alice: BffClient;

  beforeAll(async () => {
    user = await loginAs('user@example.com');
    alice = await loginAs('alice@example.com');
    // alice owns an InferenceService in her namespace
    await alice.request('DELETE', `/api/namespaces/${ALICE_NS}/inferenceservices/${NAME}`);
    const created = await alice.request('POST', `/api/namespaces/${ALICE_NS}/inferenceservices`, {
      type: 'application/json',
      body: JSON.stringify(sklearnIsvc(NAME)),
    });
    expect(created.status, created.text).toBe(201);
  });

  afterAll(async () => {
    await alice.request('DELETE', `/api/namespaces/${ALICE_NS}/inferenceservices/${NAME}`);
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  it('offers user@example.com its namespace (and not alice`s)', async () => {
    const res = await user.get('/api/namespaces');
    expect(res.status).toBe(200);
    const names = (res.json() as { items: Array<{ name: string }> }).items.map((n) => n.name);
    expect(names).toContain(USER_NS);
    expect(names).not.toContain(ALICE_NS);
    const aliceNs = (await alice.get('/api/namespaces')).json() as { items: Array<{ name: string }> };
    expect(aliceNs.items.map((n) => n.name)).toEqual([ALICE_NS]);
  });

  it('alice sees her InferenceService', async () => {
    expect((await alice.get(`/api/namespaces/${ALICE_NS}/inferenceservices/${NAME}`)).status).toBe(200);
  });

  it('user@example.com gets 403 for alice`s InferenceServices through every route', async () => {
    const base = `/api/namespaces/${ALICE_NS}`;
    const checks: Array<[string, Promise<{ status: number; json: () => unknown }>]> = [
      ['list', user.get(`${base}/inferenceservices`)],
      ['get', user.get(`${base}/inferenceservices/${NAME}`)],
      ['resources', user.get(`${base}/inferenceservices/${NAME}/resources`)],
      ['events', user.get(`${base}/inferenceservices/${NAME}/events`)],
      ['stream (namespace)', user.get(`${base}/watch/inferenceservices`)],
      ['stream (object)', user.get(`${base}/inferenceservices/${NAME}/watch`)],
      ['logs', user.get(`${base}/pods/${NAME}-predictor-00001/log?tailLines=10`)],
      [
        'proxy (gateway)',
        user.request('POST', `${base}/inferenceservices/${NAME}/infer/v1/models/${NAME}:predict`, {
          type: 'application/json',
          body: '{"instances":[[1,2,3,4]]}',
        }),
      ],
      [
        'proxy (cluster-local)',
        user.get(`${base}/inferenceservices/${NAME}/infer/v2/health/ready?route=cluster-local`),
      ],
      [
        'replace',
        user.request('PUT', `${base}/inferenceservices/${NAME}`, {
          type: 'application/json',
          body: JSON.stringify({ metadata: { name: NAME } }),
        }),
      ],
      ['delete', user.request('DELETE', `${base}/inferenceservices/${NAME}?dryRun=All`)],
    ];
    for (const [what, p] of checks) {
      const res = await p;
      expect(res.status, what).toBe(403);
      expect(res.json(), what).toMatchObject({ status: 403, reason: 'Forbidden' });
    }
    // all namespaces: alice's never shows up
    const all = (await user.get('/api/namespaces/_all/inferenceservices')).json() as {
      items: Array<{ metadata: { namespace: string } }>;
    };
    expect(all.items.every((i) => i.metadata.namespace !== ALICE_NS)).toBe(true);
  });

  it('a read-only viewer may list but not write', async () => {
    const viewer = await loginAs('viewer@example.com');
    expect((await viewer.get(`/api/namespaces/${USER_NS}/inferenceservices`)).status).toBe(200);
    const res = await viewer.request('POST', `/api/namespaces/${USER_NS}/inferenceservices?dryRun=All`, {
      type: 'application/json',
      body: JSON.stringify({
        metadata: { name: 'viewer-try' },
        spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } },
      }),
    });
    expect(res.status).toBe(403);
  });
});
