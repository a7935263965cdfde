import { INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, loginAs, seen, USER_NS } from './client';

const G = INFERENCE_GRAPH;
const NAME = 'bff-graph-probe';
const graph = (steps: unknown[]) => ({
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'InferenceGraph',
  metadata: { name: NAME },
  spec: { nodes: { root: { routerType: 'Sequence', steps } } },
});
const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });

describe('InferenceGraph routes against the sandbox apiserver, as the user', () => {
  let user: BffClient;
  let alice: BffClient;

  beforeAll(async () => {
    user = await loginAs('user@example.com');
    alice = await loginAs('alice@example.com');
    await user.request('DELETE', kindApiPaths.object(G, USER_NS, NAME));
  });

  afterAll(async () => {
    await user.request('DELETE', kindApiPaths.object(G, USER_NS, NAME));
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  it('creates (dry run first), lists, reads, edits with a conflict and deletes a graph', async () => {
    const list = kindApiPaths.list(G, USER_NS);
    const dry = await user.request(
      'POST',
      `${list}?dryRun=All&fieldValidation=Strict`,
      json(graph([{ serviceName: 'a' }])),
    );
    expect(dry.status, dry.text).toBe(201);
    expect((await user.get(kindApiPaths.object(G, USER_NS, NAME))).status).toBe(404);
    const bad = await user.request(
      'POST',
      `${list}?dryRun=All&fieldValidation=Strict`,
      json({ ...graph([]), spec: { nodez: {} } }),
    );
    expect(bad.status).toBe(400);
    const created = await user.request('POST', list, json(graph([{ serviceName: 'a' }])));
    expect(created.status, created.text).toBe(201);
    const listed = (await user.get(list)).json() as { items: Array<{ metadata: { name: string } }> };
    expect(listed.items.map((i) => i.metadata.name)).toContain(NAME);
    const live = (await user.get(kindApiPaths.object(G, USER_NS, NAME))).json() as {
      metadata: { resourceVersion: string };
    };
    const stale = { ...graph([{ serviceName: 'b' }]), metadata: { name: NAME, resourceVersion: '1' } };
    const conflict = await user.request('PUT', kindApiPaths.object(G, USER_NS, NAME), json(stale));
    expect(conflict.status).toBe(409);
    expect((conflict.json() as { live?: { metadata?: { name?: string } } }).live?.metadata?.name).toBe(NAME);
    const fresh = {
      ...graph([{ serviceName: 'b' }]),
      metadata: { name: NAME, resourceVersion: live.metadata.resourceVersion },
    };
    expect((await user.request('PUT', kindApiPaths.object(G, USER_NS, NAME), json(fresh))).status).toBe(200);
    const schema = await user.get(kindApiPaths.schema(G));
    expect(schema.status).toBe(200);
    expect(JSON.stringify(schema.json())).toContain('routerType');
  });

  it("alice cannot see or change user@example.com's graphs through any route", async () => {
    const one = kindApiPaths.object(G, USER_NS, NAME);
    const checks: Array<[string, Promise<{ status: number; json: () => unknown }>]> = [
      ['list', alice.get(kindApiPaths.list(G, USER_NS))],
      ['get', alice.get(one)],
      ['stream (namespace)', alice.get(kindApiPaths.listWatch(G, USER_NS))],
      ['stream (object)', alice.get(kindApiPaths.objectWatch(G, USER_NS, NAME))],
      [
        'console',
        alice.request('POST', kindApiPaths.infer(G, USER_NS, NAME, '/'), json({ instances: [[1, 2, 3, 4]] })),
      ],
      ['replace', alice.request('PUT', one, json(graph([{ serviceName: 'x' }])))],
      [
        'patch',
        alice.request('PATCH', one, {
          type: 'application/merge-patch+json',
          body: '{"metadata":{"labels":{"x":"y"}}}',
        }),
      ],
      ['delete', alice.request('DELETE', `${one}?dryRun=All`)],
    ];
    for (const [what, p] of checks) {
      const res = await p;
      expect(res.status, what).toBe(403);
      expect(res.json(), what).toMatchObject({ status: 403, reason: 'Forbidden' });
    }
    const all = (await alice.get(kindApiPaths.list(G, '_all'))).json() as {
      items: Array<{ metadata: { namespace: string } }>;
    };
    expect(all.items.every((i) => i.metadata.namespace !== USER_NS)).toBe(true);
    expect((await user.get(one)).status).toBe(200);
  });
});
