import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE_NS,
  type Client,
  eventually,
  type LocalBff,
  loginClient,
  openSse,
  type Sandbox,
  sandboxEnv,
  scanner,
  sklearnIsvc,
  startLocalBff,
  USER_NS,
} from './harness';
import { type RouteCase, routeCases } from './routes';

const NAME = 'sec-authz-probe';
const MARKER = `sec-marker-${randomBytes(6).toString('hex')}`;

/** Routes whose answer does not depend on the namespace in the path: alice gets her own view (200). */
const NOT_NAMESPACED = new Set(['me', 'namespaces', 'clusterServingRuntimes', 'isvcSchema']);

async function send(c: Client, rc: RouteCase) {
  return rc.body === undefined ? c.request(rc.method, rc.path) : c.json(rc.method, rc.path, rc.body);
}

describe('authorization: the apiserver decides, and refusals leak nothing of the other namespace', () => {
  let sandbox: Sandbox;
  let bff: LocalBff;
  let user: Client;
  let alice: Client;
  let viewer: Client;
  let uid = '';
  let pod = `${NAME}-predictor-0`;
  let before = '';

  beforeAll(async () => {
    sandbox = sandboxEnv();
    bff = await startLocalBff(sandbox);
    [user, alice, viewer] = await Promise.all([
      loginClient(bff.url, sandbox, 'user@example.com'),
      loginClient(bff.url, sandbox, 'alice@example.com'),
      loginClient(bff.url, sandbox, 'viewer@example.com'),
    ]);
    await user.request('DELETE', `/api/namespaces/${USER_NS}/inferenceservices/${NAME}`);
    await eventually(
      async () =>
        (await user.get(`/api/namespaces/${USER_NS}/inferenceservices/${NAME}`)).status === 404 ? true : undefined,
      60_000,
      'the old probe to be gone',
    );
    const created = await user.json(
      'POST',
      `/api/namespaces/${USER_NS}/inferenceservices`,
      sklearnIsvc(NAME, {
        annotations: { 'servedeck.dev/marker': MARKER },
      }),
    );
    expect(created.status, created.text).toBe(201);
    uid = String(created.json<{ object: { metadata: { uid: string } } }>().object.metadata.uid);
    // a pod of it, so the log route is tried against a real pod name
    pod = await eventually(
      async () => {
        const r = await user.get(`/api/namespaces/${USER_NS}/inferenceservices/${NAME}/resources`);
        return r.json<{ pods: Array<{ metadata: { name: string } }> }>().pods[0]?.metadata.name;
      },
      60_000,
      'a predictor pod',
    );
    before = (await user.get(`/api/namespaces/${USER_NS}/inferenceservices/${NAME}`)).text;
  }, 180_000);

  afterAll(async () => {
    await user?.request('DELETE', `/api/namespaces/${USER_NS}/inferenceservices/${NAME}`);
    await bff?.stop();
    expect(scanner.findings()).toEqual([]);
  });

  it('alice gets 403 from the apiserver on every namespaced route in user@example.com`s namespace', async () => {
    const cases = routeCases(USER_NS, NAME, pod);
    cases.push({ route: 'podLog', method: 'GET', path: `/api/namespaces/${USER_NS}/pods/${pod}/log?follow=true` });
    cases.push({
      route: 'isvcInfer',
      method: 'GET',
      path: `/api/namespaces/${USER_NS}/inferenceservices/${NAME}/infer/v2/health/ready?route=cluster-local`,
    });
    let refused = 0;
    for (const rc of cases) {
      const res = await send(alice, rc);
      const what = `${rc.method} ${rc.path}`;
      // nothing of the other namespace's object, whatever the answer
      for (const secret of [MARKER, uid, 'kfserving-examples']) expect(res.text, what).not.toContain(secret);
      if (NOT_NAMESPACED.has(rc.route)) {
        expect(res.status, what).toBe(200);
        continue;
      }
      expect(res.status, `${what}: ${res.text}`).toBe(403);
      const body = res.json<{ reason: string; message: string; causes: unknown[] }>();
      expect(body.reason, what).toBe('Forbidden');
      // the apiserver's own wording: names alice and the verb, nothing from the object
      expect(body.message, what).toMatch(/User "alice@example.com" cannot \w+/);
      refused += 1;
    }
    expect(refused).toBeGreaterThanOrEqual(14);
  });

  it('alice`s namespace list, all-namespaces lists and streams never show user@example.com`s namespace', async () => {
    const ns = (await alice.get('/api/namespaces')).json<{ items: Array<{ name: string }> }>();
    expect(ns.items.map((n) => n.name)).toEqual([ALICE_NS]);
    for (const path of [
      '/api/namespaces/_all/inferenceservices',
      '/api/namespaces/_all/inferenceservice-pods',
      '/api/namespaces/_all/servingruntimes',
    ]) {
      const res = await alice.get(path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain(USER_NS);
      expect(res.text, path).not.toContain(MARKER);
    }
    const sse = await openSse(bff.url, '/api/namespaces/_all/watch/inferenceservices', alice.cookie);
    await sse.until(() => sse.text.includes('"type":"RESYNC"'), 'RESYNC', 20_000);
    await sse.close();
    expect(sse.text).not.toContain(USER_NS);
    expect(sse.text).not.toContain(MARKER);
  });

  it('the viewer reads but cannot create, replace, patch or delete (not even as a dry run)', async () => {
    const base = `/api/namespaces/${USER_NS}/inferenceservices`;
    expect((await viewer.get(`${base}/${NAME}`)).status).toBe(200);
    const writes = routeCases(USER_NS, NAME, pod).filter((c) => c.method !== 'GET' && c.route !== 'isvcInfer');
    expect(writes.map((w) => w.method).sort()).toEqual(['DELETE', 'PATCH', 'POST', 'PUT']);
    for (const w of writes) {
      for (const path of [w.path, w.path.replace('?dryRun=All', '')]) {
        const res = await send(viewer, { ...w, path });
        expect(res.status, `${w.method} ${path}`).toBe(403);
        expect(res.json(), `${w.method} ${path}`).toMatchObject({ reason: 'Forbidden' });
      }
    }
    // YAML too
    const yaml = await viewer.request('POST', base, {
      type: 'application/yaml',
      body: `metadata: {name: viewer-yaml}\nspec: {predictor: {model: {modelFormat: {name: sklearn}}}}\n`,
    });
    expect(yaml.status).toBe(403);
    // nothing changed (the controller may have updated the status meanwhile: compare what users write)
    type Obj = { metadata: { annotations: unknown; labels?: unknown; generation: number }; spec: unknown };
    const written = (o: Obj) => ({
      a: o.metadata.annotations,
      l: o.metadata.labels,
      g: o.metadata.generation,
      s: o.spec,
    });
    const after = (await user.get(`${base}/${NAME}`)).json<Obj>();
    expect(written(after)).toEqual(written(JSON.parse(before) as Obj));
    expect((await user.get(`${base}/viewer-yaml`)).status).toBe(404);
  });
});
