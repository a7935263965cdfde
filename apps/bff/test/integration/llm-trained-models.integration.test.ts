import {
  kindApiPaths,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  type ResourceKind,
  TRAINED_MODEL,
} from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, loginAs, seen, USER_NS } from './client';

const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });

/** One object of each kind, as a user would write it (apiVersion and kind are filled in by the BFF). */
const cases: Array<{
  kind: ResourceKind;
  name: string;
  spec: Record<string, unknown>;
  edited: Record<string, unknown>;
}> = [
  {
    kind: TRAINED_MODEL,
    name: 'bff-tm-probe',
    spec: {
      inferenceService: 'bff-mms-parent',
      model: { framework: 'sklearn', storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model', memory: '256Mi' },
    },
    edited: {
      inferenceService: 'bff-mms-parent',
      model: { framework: 'sklearn', storageUri: 'gs://kfserving-examples/models/sklearn/2.0/model', memory: '256Mi' },
    },
  },
  {
    kind: LLM_INFERENCE_SERVICE,
    name: 'bff-llm-probe',
    spec: { model: { uri: 'pvc://tiny-models/char-ngram', name: 'tiny' }, replicas: 1 },
    edited: { model: { uri: 'pvc://tiny-models/char-ngram', name: 'tiny' }, replicas: 2 },
  },
  {
    kind: LLM_INFERENCE_SERVICE_CONFIG,
    name: 'bff-llm-config-probe',
    spec: { replicas: 1 },
    edited: { replicas: 2 },
  },
];

describe('TrainedModel, LLMInferenceService and LLMInferenceServiceConfig routes against the sandbox, as the user', () => {
  let user: BffClient;
  let alice: BffClient;

  beforeAll(async () => {
    user = await loginAs('user@example.com');
    alice = await loginAs('alice@example.com');
    for (const c of cases) await user.request('DELETE', kindApiPaths.object(c.kind, USER_NS, c.name));
  });

  afterAll(async () => {
    for (const c of cases) await user.request('DELETE', kindApiPaths.object(c.kind, USER_NS, c.name));
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  it.each(cases)('$kind.kind: create (dry run first), list, edit with a conflict, schema, delete', async (c) => {
    const list = kindApiPaths.list(c.kind, USER_NS);
    const one = kindApiPaths.object(c.kind, USER_NS, c.name);
    const body = { metadata: { name: c.name }, spec: c.spec };
    const dry = await user.request('POST', `${list}?dryRun=All&fieldValidation=Strict`, json(body));
    expect(dry.status, dry.text).toBe(201);
    expect((await user.get(one)).status).toBe(404);
    const strict = await user.request(
      'POST',
      `${list}?dryRun=All&fieldValidation=Strict`,
      json({ ...body, spec: { ...c.spec, noSuchField: 1 } }),
    );
    expect(strict.status, strict.text).toBe(400);
    const created = await user.request('POST', list, json(body));
    expect(created.status, created.text).toBe(201);
    const listed = (await user.get(list)).json() as { items: Array<{ metadata: { name: string } }> };
    expect(listed.items.map((i) => i.metadata.name)).toContain(c.name);
    const live = (await user.get(one)).json() as { metadata: { resourceVersion: string } };
    const stale = { metadata: { name: c.name, resourceVersion: '1' }, spec: c.edited };
    const conflict = await user.request('PUT', one, json(stale));
    expect(conflict.status, conflict.text).toBe(409);
    expect((conflict.json() as { live?: { metadata?: { name?: string } } }).live?.metadata?.name).toBe(c.name);
    const fresh = { metadata: { name: c.name, resourceVersion: live.metadata.resourceVersion }, spec: c.edited };
    const replaced = await user.request('PUT', one, json(fresh));
    expect(replaced.status, replaced.text).toBe(200);
    const schema = await user.get(kindApiPaths.schema(c.kind));
    expect(schema.status, schema.text).toBe(200);
    expect(JSON.stringify(schema.json())).toContain('"spec"');
  });

  it.each(cases)("alice cannot see or change user@example.com's $kind.kind through any route", async (c) => {
    const one = kindApiPaths.object(c.kind, USER_NS, c.name);
    const checks: Array<[string, Promise<{ status: number; json: () => unknown }>]> = [
      ['list', alice.get(kindApiPaths.list(c.kind, USER_NS))],
      ['get', alice.get(one)],
      ['stream (namespace)', alice.get(kindApiPaths.listWatch(c.kind, USER_NS))],
      ['stream (object)', alice.get(kindApiPaths.objectWatch(c.kind, USER_NS, c.name))],
      ['replace', alice.request('PUT', one, json({ metadata: { name: c.name }, spec: c.edited }))],
      [
        'patch',
        alice.request('PATCH', one, {
          type: 'application/merge-patch+json',
          body: '{"metadata":{"labels":{"x":"y"}}}',
        }),
      ],
      ['delete', alice.request('DELETE', `${one}?dryRun=All`)],
      ...(c.kind.console.includes('openai')
        ? ([
            [
              'console',
              alice.request(
                'POST',
                kindApiPaths.infer(c.kind, USER_NS, c.name, '/v1/chat/completions'),
                json({ model: 'tiny', messages: [{ role: 'user', content: 'hi' }] }),
              ),
            ],
          ] as Array<[string, Promise<{ status: number; json: () => unknown }>]>)
        : []),
    ];
    for (const [what, p] of checks) {
      const res = await p;
      expect(res.status, what).toBe(403);
      expect(res.json(), what).toMatchObject({ status: 403, reason: 'Forbidden' });
    }
    const all = (await alice.get(kindApiPaths.list(c.kind, '_all'))).json() as {
      items: Array<{ metadata: { namespace: string } }>;
    };
    expect(all.items.every((i) => i.metadata.namespace !== USER_NS)).toBe(true);
    // and the user's object is still there, unchanged by alice
    const mine = (await user.get(one)).json() as { metadata: { labels?: Record<string, string> } };
    expect(mine.metadata.labels?.x).toBeUndefined();
  });
});
