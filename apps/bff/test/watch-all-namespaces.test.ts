import { describe, expect, it } from 'vitest';
import { k8sPaths } from '../src/k8s/paths';
import { listCollectionSpec } from '../src/watch';
import { fakeClusterApp } from './helpers/app';
import { FakeCollections, isvc, listen, passwordLogin, serveCollections } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const USER = 'user@example.com';

describe('all-namespaces watch stream (fake apiserver, five namespaces)', () => {
  const nss = ['ns-0', 'ns-1', 'ns-2', 'ns-3', 'ns-4'];
  const cols = new FakeCollections(nss, (_user, ns) => [isvc(ns, `${ns}-a`, '10'), isvc(ns, `${ns}-b`, '10')]);
  const api = serveCollections(cols);

  it('sends one RESYNC with every namespace merged; events before it are in it, not sent twice', async () => {
    const { app, services } = await fakeClusterApp(api);
    const srv = await listen(app);
    const cookie = await passwordLogin(srv.base, USER);
    const release = cols.hold('ns-4'); // one namespace answers its list late
    const res = await fetch(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const sse = new SseReader(res.body);
    // the other four have listed and are watching: their events happen before the merged RESYNC
    await until(() => cols.watches.length === 4, 'four upstream watches');
    cols.send('ns-0', USER, { type: 'MODIFIED', object: isvc('ns-0', 'ns-0-a', '11') });
    cols.send('ns-1', USER, { type: 'DELETED', object: isvc('ns-1', 'ns-1-b', '12') });
    cols.send('ns-2', USER, { type: 'ADDED', object: isvc('ns-2', 'ns-2-c', '13') });
    // wait until the BFF has applied them to its watch cache (no RESYNC can have gone yet: ns-4 is held)
    const owner = `oidc\u0000${USER}\u0000kubeflow-users`;
    const rvOf = (ns: string) =>
      services.hub.peek(owner, listCollectionSpec('isvcs', ns, k8sPaths.isvcs(ns)).key)?.resourceVersion;
    await until(() => rvOf('ns-0') === '11' && rvOf('ns-1') === '12' && rvOf('ns-2') === '13', 'events applied');
    release();
    await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
    await until(() => cols.watches.length === 5, 'five upstream watches');
    cols.send('ns-4', USER, { type: 'MODIFIED', object: isvc('ns-4', 'ns-4-a', '15') });
    await sse.until(() => sse.changes().length >= 2, 'the event after the RESYNC');
    const changes = sse.changes();
    expect(changes.map((c) => c.type)).toEqual(['RESYNC', 'MODIFIED']);
    const items = (changes[0]?.items ?? []) as Array<{
      metadata: { namespace: string; name: string; resourceVersion: string };
    }>;
    expect(items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort()).toEqual([
      'ns-0-a@11',
      'ns-0-b@10',
      'ns-1-a@10',
      'ns-2-a@10',
      'ns-2-b@10',
      'ns-2-c@13',
      'ns-3-a@10',
      'ns-3-b@10',
      'ns-4-a@10',
      'ns-4-b@10',
    ]);
    expect(changes[1]?.object?.metadata?.name).toBe('ns-4-a');

    // a second tab of the same user: the parts are shared and synced, one RESYNC at once
    const res2 = await fetch(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { headers: { cookie } });
    const sse2 = new SseReader(res2.body);
    await sse2.until(() => sse2.changes().length >= 1, 'the second RESYNC');
    expect(sse2.changes()[0]?.items).toHaveLength(10);
    expect(cols.watches).toHaveLength(5);
    await sse.close();
    await sse2.close();
    srv.close();
    await services.close();
  });

  it('a namespace refused from the start (403) does not hold the RESYNC back', async () => {
    cols.watches.length = 0;
    const { app, services } = await fakeClusterApp(api);
    const srv = await listen(app);
    const cookie = await passwordLogin(srv.base, USER);
    cols.refused.add('ns-3');
    const release = cols.hold('ns-3'); // refused last, when every other namespace has listed
    try {
      const res = await fetch(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const sse = new SseReader(res.body);
      await until(() => cols.watches.length === 4, 'the other namespaces watching');
      release();
      await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
      expect(sse.changes()[0]?.items).toHaveLength(8);
      expect(sse.text).toContain('event: error\ndata: {"status":403');
      await sse.close();
    } finally {
      cols.refused.clear();
      srv.close();
      await services.close();
    }
  });
});
