import { historySchema, restoreResultSchema } from '@servedeck/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClusterApp, loggedIn } from '../helpers/app';
import { FakeServer } from '../helpers/fake-apiserver';
import { FakeHistoryApi } from './fake-history-api';

const ISVCS = '/api/namespaces/ns/inferenceservices';
const isvc = (minReplicas: number) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'iris' },
  spec: { predictor: { minReplicas, model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://m/iris' } } },
});

describe('spec history routes (fake apiserver)', () => {
  const api = new FakeServer();
  let fake: FakeHistoryApi;
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => {
    api.requests.length = 0;
    fake = new FakeHistoryApi();
    fake.install(api);
  });

  async function session(email = 'user@example.com') {
    const { app } = await fakeClusterApp(api);
    return loggedIn(app, email);
  }

  /** Create, then two edits (each from the live resourceVersion), as the editor does. */
  async function createAndEditTwice(agent: Awaited<ReturnType<typeof session>>) {
    const { agent: a, csrf } = agent;
    const created = await a.post(ISVCS).set('x-csrf-token', csrf).send(isvc(1)).expect(201);
    expect(created.body.history).toEqual({ recorded: true, revision: 1 });
    for (const [i, n] of [2, 3].entries()) {
      const live = await a.get(`${ISVCS}/iris`).expect(200);
      const body = { ...live.body, spec: isvc(n).spec };
      const put = await a.put(`${ISVCS}/iris`).set('x-csrf-token', csrf).send(body).expect(200);
      expect(put.body.history).toEqual({ recorded: true, revision: i + 2 });
    }
  }

  it('records a revision per real write through ServeDeck, with author, operation and generation', async () => {
    const s = await session();
    await createAndEditTwice(s);
    // a dry run and an annotation-only patch (stop/start) record nothing
    await s.agent.put(`${ISVCS}/iris?dryRun=All`).set('x-csrf-token', s.csrf).send(fake.isvcs.get('iris')).expect(200);
    const patched = await s.agent
      .patch(`${ISVCS}/iris`)
      .set('x-csrf-token', s.csrf)
      .set('content-type', 'application/merge-patch+json')
      .send({ metadata: { annotations: { 'serving.kserve.io/stop': 'true' } } })
      .expect(200);
    expect(patched.body.history).toMatchObject({ recorded: false, reason: 'Unchanged' });

    const res = await s.agent.get(`${ISVCS}/iris/history`).expect(200);
    const h = historySchema.parse(res.body);
    expect(h.enabled).toBe(true);
    expect(h.revisions.map((r) => [r.revision, r.operation, r.author, r.generation])).toEqual([
      [1, 'create', 'user@example.com', 1],
      [2, 'update', 'user@example.com', 2],
      [3, 'update', 'user@example.com', 3],
    ]);
    expect(h.revisions[0]?.spec).toEqual(isvc(1).spec);
    expect(h.changedOutside).toBe(false);
    // every write carries ServeDeck's field manager; revisions are owned by the object, labelled with its name
    const writes = api.requests.filter((r) => r.url.includes('/inferenceservices') && r.method !== 'GET');
    expect(writes.every((r) => r.url.includes('fieldManager=servedeck'))).toBe(true);
    expect(fake.configMaps.get('iris-rev-1')?.metadata).toMatchObject({
      labels: { 'servedeck.dev/history-of': 'iris', 'servedeck.dev/revision': '1' },
      ownerReferences: [
        { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', name: 'iris', uid: 'uid-iris' },
      ],
    });
  });

  it('restores a revision: dry run first (nothing written), then the write; a stale resourceVersion is a 409 with the live object', async () => {
    const s = await session();
    await createAndEditTwice(s);
    const rv = String(fake.isvcs.get('iris')?.metadata.resourceVersion);

    const dry = await s.agent
      .post(`${ISVCS}/iris/history/1/restore?dryRun=true`)
      .set('x-csrf-token', s.csrf)
      .send({ resourceVersion: rv })
      .expect(200);
    const d = restoreResultSchema.parse(dry.body);
    expect(d.dryRun).toBe(true);
    expect(d.before).toEqual(isvc(3).spec);
    expect(d.object.spec).toEqual(isvc(1).spec);
    expect(d.history).toBeUndefined();
    expect(fake.isvcs.get('iris')?.spec).toEqual(isvc(3).spec);
    expect(api.requests.filter((r) => r.method === 'PUT').at(-1)?.url).toContain('dryRun=All');

    const stale = await s.agent
      .post(`${ISVCS}/iris/history/1/restore?dryRun=false`)
      .set('x-csrf-token', s.csrf)
      .send({ resourceVersion: '1' })
      .expect(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict', live: { spec: isvc(3).spec } });
    expect(fake.isvcs.get('iris')?.spec).toEqual(isvc(3).spec);

    const done = await s.agent
      .post(`${ISVCS}/iris/history/1/restore?dryRun=false`)
      .set('x-csrf-token', s.csrf)
      .send({ resourceVersion: rv })
      .expect(200);
    expect(done.body.history).toEqual({ recorded: true, revision: 4 });
    expect(fake.isvcs.get('iris')?.spec).toEqual(isvc(1).spec);
    const h = historySchema.parse((await s.agent.get(`${ISVCS}/iris/history`).expect(200)).body);
    expect(h.revisions.at(-1)).toMatchObject({
      revision: 4,
      operation: 'restore',
      restoredFrom: 1,
      author: 'user@example.com',
      spec: isvc(1).spec,
    });
  });

  it('shows a change made outside ServeDeck with its manager, time and fields', async () => {
    const s = await session();
    await createAndEditTwice(s);
    fake.outsideEdit('iris', isvc(5).spec, 'kubectl-edit', '2026-12-06T04:30:00Z');
    const h = historySchema.parse((await s.agent.get(`${ISVCS}/iris/history`).expect(200)).body);
    expect(h.changedOutside).toBe(true);
    expect(h.generation).toBe(4);
    expect(h.outside).toEqual([
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2026-12-06T04:30:00Z',
        fields: ['spec.predictor.minReplicas'],
      },
    ]);
  });

  it('turns history off, and says why, where the user may not use ConfigMaps; the write itself still succeeds', async () => {
    fake.noConfigMaps.add('user@example.com');
    const s = await session();
    const created = await s.agent.post(ISVCS).set('x-csrf-token', s.csrf).send(isvc(1)).expect(201);
    expect(created.body.history).toMatchObject({ recorded: false, reason: 'Forbidden' });
    const h = historySchema.parse((await s.agent.get(`${ISVCS}/iris/history`).expect(200)).body);
    expect(h).toMatchObject({ enabled: false, disabledReason: 'Forbidden', revisions: [] });
    expect(h.disabledMessage).toMatch(/History is off in namespace ns/);
  });

  it("answers the apiserver's 403 to a user who may not read the object", async () => {
    await createAndEditTwice(await session());
    fake.forbidden.add('alice@example.com');
    const alice = await session('alice@example.com');
    const res = await alice.agent.get(`${ISVCS}/iris/history`).expect(403);
    expect(res.body).toMatchObject({ status: 403, reason: 'Forbidden' });
    await alice.agent
      .post(`${ISVCS}/iris/history/1/restore?dryRun=true`)
      .set('x-csrf-token', alice.csrf)
      .send({})
      .expect(403);
  });

  it('rejects bad input with a clear error naming what and where', async () => {
    const s = await session();
    await createAndEditTwice(s);
    const post = (path: string, body: unknown) =>
      s.agent
        .post(`${ISVCS}/iris/history/${path}`)
        .set('x-csrf-token', s.csrf)
        .send(body as object);
    const badRev = await post('0/restore', {}).expect(400);
    expect(badRev.body.causes).toEqual([{ field: 'rev', message: 'not a revision number: 0' }]);
    await post('abc/restore', {}).expect(400);
    const badDry = await post('1/restore?dryRun=maybe', {}).expect(400);
    expect(badDry.body).toMatchObject({ reason: 'BadRequest', causes: [{ field: 'query.dryRun' }] });
    const badBody = await post('1/restore', { resourceVersion: 5 }).expect(400);
    expect(badBody.body.causes[0].field).toBe('body.resourceVersion');
    const missing = await post('9/restore', {}).expect(404);
    expect(missing.body).toMatchObject({ reason: 'NotFound', message: 'Revision 9 of ns/iris does not exist' });
    // without CSRF: refused before anything reaches the apiserver
    await s.agent.post(`${ISVCS}/iris/history/1/restore`).send({}).expect(403);
  });
});
