import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClusterApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';
import { listen, passwordLogin } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const NS = 'team';
const ISVCS = `/apis/serving.kserve.io/v1beta1/namespaces/${NS}/inferenceservices`;
const managedFields = [
  { manager: 'kubectl', operation: 'Update', time: '2026-12-06T01:00:00Z', fieldsV1: { 'f:spec': {} } },
];
const isvc = (name: string, rv: string) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name, namespace: NS, resourceVersion: rv, labels: { team: 'a' }, managedFields },
  spec: { predictor: { minReplicas: 1 } },
});

type Obj = { metadata: { name: string; resourceVersion: string; labels?: unknown; managedFields?: unknown } };
type Change = { type: string; resource?: string; items?: Obj[]; object?: Obj };

describe('lists without managedFields; the object and its own stream keep them (fake apiserver)', () => {
  const api = new FakeServer();
  /** Open upstream watches by path and by whether they select one object. */
  const watches = new Map<string, ServerResponse>();
  const collection = (path: string, items: () => unknown[]) =>
    api.on('GET', path, (req, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      if (u.searchParams.get('watch') === '1') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        watches.set(`${path} ${u.searchParams.has('fieldSelector') ? 'one' : 'all'}`, res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: items(), metadata: { resourceVersion: '10' } }));
    });
  const send = (key: string, ev: unknown) => watches.get(key)?.write(`${JSON.stringify(ev)}\n`);

  beforeAll(async () => {
    await api.start();
    collection(ISVCS, () => [isvc('m', '10'), isvc('n', '10')]);
    api.on('GET', `${ISVCS}/m`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(isvc('m', '10')));
    });
    collection(`/api/v1/namespaces/${NS}/pods`, () => []);
    collection(`/api/v1/namespaces/${NS}/services`, () => []);
    collection(`/apis/apps/v1/namespaces/${NS}/deployments`, () => []);
    collection(`/api/v1/namespaces/${NS}/events`, () => []);
  });
  afterAll(() => api.stop());

  it('drops managedFields from list answers and list streams only', async () => {
    const { app, services } = await fakeClusterApp(api);
    const srv = await listen(app);
    try {
      const cookie = await passwordLogin(srv.base, 'user@example.com');
      const get = async <T>(path: string): Promise<T> => {
        const r = await fetch(`${srv.base}${path}`, { headers: { cookie } });
        expect(r.status).toBe(200);
        return (await r.json()) as T;
      };
      const list = () => get<{ items: Obj[] }>(`/api/namespaces/${NS}/inferenceservices`);

      // from the apiserver (no stream yet): lean, the rest of the metadata kept
      const cold = await list();
      expect(cold.items.map((o) => o.metadata.name)).toEqual(['m', 'n']);
      for (const o of cold.items) {
        expect(o.metadata.managedFields).toBeUndefined();
        expect(o.metadata.labels).toEqual({ team: 'a' });
      }
      // the object's own GET keeps them (History, the YAML tab's field owners)
      expect((await get<Obj>(`/api/namespaces/${NS}/inferenceservices/m`)).metadata.managedFields).toEqual(
        managedFields,
      );

      // the list page's stream: RESYNC and events lean
      const listStream = await SseReader.open(`${srv.base}/api/namespaces/${NS}/watch/inferenceservices`, { cookie });
      const listChanges = () => listStream.changes() as Change[];
      await listStream.until(() => listChanges().some((c) => c.type === 'RESYNC'), 'the list RESYNC');
      await until(() => watches.has(`${ISVCS} all`), 'the list watch');
      const resync = listChanges().find((c) => c.type === 'RESYNC');
      expect(resync?.items?.map((o) => o.metadata.managedFields)).toEqual([undefined, undefined]);
      send(`${ISVCS} all`, { type: 'MODIFIED', object: isvc('m', '11') });
      await listStream.until(() => listChanges().some((c) => c.type === 'MODIFIED'), 'the MODIFIED');
      const modified = listChanges().find((c) => c.type === 'MODIFIED');
      expect(modified?.object?.metadata.resourceVersion).toBe('11');
      expect(modified?.object?.metadata.managedFields).toBeUndefined();
      expect(modified?.object?.metadata.labels).toEqual({ team: 'a' });

      // the list from the live watch: lean, current
      const warm = await list();
      expect(warm.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)).toEqual(['m@11', 'n@10']);
      expect(warm.items.every((o) => o.metadata.managedFields === undefined)).toBe(true);

      // the details page's stream of the same object: its own collection, never lean
      const details = await SseReader.open(`${srv.base}/api/namespaces/${NS}/inferenceservices/m/watch`, { cookie });
      const detailChanges = () => details.changes() as Change[];
      const isvcResync = () => detailChanges().find((c) => c.type === 'RESYNC' && c.resource === 'inferenceservices');
      await details.until(() => isvcResync() !== undefined, 'the details RESYNC');
      expect(isvcResync()?.items?.[0]?.metadata.managedFields).toEqual(managedFields);
      await until(() => watches.has(`${ISVCS} one`), 'the object watch');
      send(`${ISVCS} one`, { type: 'MODIFIED', object: isvc('m', '12') });
      await details.until(() => detailChanges().some((c) => c.type === 'MODIFIED'), 'the object MODIFIED');
      expect(detailChanges().find((c) => c.type === 'MODIFIED')?.object?.metadata.managedFields).toEqual(managedFields);
      await listStream.close();
      await details.close();
    } finally {
      srv.close();
      await services.close();
    }
  });
});
