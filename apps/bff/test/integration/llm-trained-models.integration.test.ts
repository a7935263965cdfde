import {
  kindApiPaths,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  type ResourceKind,
  TRAINED_MODEL,
} from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, eventually, loginAs, seen, USER_NS } from './client';

const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });

const PARENT = 'bff-mms-parent';
const isvcs = `/api/namespaces/${USER_NS}/inferenceservices`;
/**
 * The TrainedModel's parent: KServe's TrainedModel controller deletes a TrainedModel whose InferenceService does not
 * exist. A multi-model sklearn server (no storageUri), stopped (KServe's stop annotation: no pods needed here).
 */
const parent = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: PARENT, annotations: { 'serving.kserve.io/stop': 'true' } },
  spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } },
};

/** Delete as the user and wait until the object is gone (KServe's finalizers run first). */
async function deleteUntilGone(user: BffClient, path: string): Promise<void> {
  await user.request('DELETE', path);
  await eventually(async () => ((await user.get(path)).status === 404 ? true : undefined), 60_000, `${path} gone`);
}

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
    for (const c of cases) await deleteUntilGone(user, kindApiPaths.object(c.kind, USER_NS, c.name));
    if ((await user.get(`${isvcs}/${PARENT}`)).status === 404) {
      const made = await user.post(isvcs, parent);
      expect(made.status, made.text).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    // the TrainedModel before its parent: KServe's finalizer takes it out of the parent's model config first
    for (const c of cases) await deleteUntilGone(user, kindApiPaths.object(c.kind, USER_NS, c.name));
    await user.request('DELETE', `${isvcs}/${PARENT}`);
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
    const stale = { metadata: { name: c.name, resourceVersion: '1' }, spec: c.edited };
    const conflict = await user.request('PUT', one, json(stale));
    expect(conflict.status, conflict.text).toBe(409);
    expect((conflict.json() as { live?: { metadata?: { name?: string } } }).live?.metadata?.name).toBe(c.name);
    // a controller may write the object between our read and our write (KServe adds its finalizer and label to a
    // TrainedModel right after the create): as the editor does, the edit goes again on the live resourceVersion
    const replaced = await eventually(
      async () => {
        const live = (await user.get(one)).json() as { metadata: { resourceVersion: string } };
        const fresh = { metadata: { name: c.name, resourceVersion: live.metadata.resourceVersion }, spec: c.edited };
        const r = await user.request('PUT', one, json(fresh));
        return r.status === 409 ? undefined : r;
      },
      20_000,
      'an edit on the live resourceVersion',
      250,
    );
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
