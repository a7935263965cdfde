import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOidc, testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';
import { FakeCollections, isvc, listen, passwordLogin } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

type ListBody = { items: Array<{ metadata: { name: string; resourceVersion: string } }>; resourceVersion?: string };
const names = (b: ListBody) => b.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();

describe('lists served from the user’s live watch (fake apiserver)', () => {
  const api = new FakeServer();
  const cols = new FakeCollections(['ns-0', 'ns-1', 'ns-2']);
  beforeAll(async () => {
    await api.start();
    cols.install(api);
  });
  afterAll(() => api.stop());

  it('answers from a live watch without an apiserver call, never from another user’s', async () => {
    const { app, services } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
      },
      new FakeOidc(),
    );
    services.hub.lingerMs = 0; // the parts stop with the stream (lingering: watch-linger.test.ts)
    const srv = await listen(app);
    const user = await passwordLogin(srv.base, 'user@example.com');
    const alice = await passwordLogin(srv.base, 'alice@example.com');
    const get = async (cookie: string, path: string): Promise<ListBody> => {
      const r = await fetch(`${srv.base}${path}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('application/json');
      return (await r.json()) as ListBody;
    };

    // no watch yet: from the apiserver, as the user
    expect(names(await get(user, '/api/namespaces/_all/inferenceservices'))).toEqual([
      'user@example.com-m@10',
      'user@example.com-m@10',
      'user@example.com-m@10',
    ]);
    expect(cols.lists.filter((l) => l.startsWith('user@example.com '))).toHaveLength(3);

    // the list page's stream: one list-watch per namespace, as the user
    const res = await fetch(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { headers: { cookie: user } });
    const sse = new SseReader(res.body);
    await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
    await until(() => cols.watches.length === 3, 'three upstream watches');
    const listsWatched = cols.lists.length;
    expect(names(await get(user, '/api/namespaces/_all/inferenceservices'))).toEqual([
      'user@example.com-m@10',
      'user@example.com-m@10',
      'user@example.com-m@10',
    ]);
    expect(cols.lists.length).toBe(listsWatched);
    cols.send('ns-1', 'user@example.com', { type: 'MODIFIED', object: isvc('ns-1', 'user@example.com-m', '11') });
    await sse.until(() => sse.changes().length >= 2, 'the MODIFIED');
    const listsBefore = cols.lists.length;

    // warm: all namespaces and one namespace come from the watch cache, current with the event (the answer
    // kept from the list above is made again)
    expect(names(await get(user, '/api/namespaces/_all/inferenceservices'))).toEqual([
      'user@example.com-m@10',
      'user@example.com-m@10',
      'user@example.com-m@11',
    ]);
    const one = await get(user, '/api/namespaces/ns-1/inferenceservices');
    expect(names(one)).toEqual(['user@example.com-m@11']);
    expect(one.resourceVersion).toBe('11');
    expect(cols.lists.length).toBe(listsBefore);

    // another user: never the first user's cache; their own list from the apiserver, as them
    expect(names(await get(alice, '/api/namespaces/_all/inferenceservices'))).toEqual([
      'alice@example.com-m@10',
      'alice@example.com-m@10',
      'alice@example.com-m@10',
    ]);
    expect(names(await get(alice, '/api/namespaces/ns-1/inferenceservices'))).toEqual(['alice@example.com-m@10']);
    expect([...cols.lists.slice(listsBefore)].sort()).toEqual([
      'alice@example.com ns-0',
      'alice@example.com ns-1',
      'alice@example.com ns-1',
      'alice@example.com ns-2',
    ]);

    await sse.close();
    await until(() => services.hub.size === 0, 'the watches to stop');
    // the stream is gone: from the apiserver again
    await get(user, '/api/namespaces/ns-0/inferenceservices');
    expect(cols.lists.at(-1)).toBe('user@example.com ns-0');
    srv.close();
    await services.close();
  });
});
