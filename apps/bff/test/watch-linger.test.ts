import { describe, expect, it } from 'vitest';
import { fakeClusterApp } from './helpers/app';
import { FakeCollections, listen, passwordLogin, serveCollections } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const USER = 'user@example.com';

type ListBody = { items: Array<{ metadata: { name: string } }> };

describe('a part lingers after its last stream (a reload is answered from the live copy)', () => {
  const cols = new FakeCollections(['ns-0', 'ns-1']);
  const api = serveCollections(cols);

  it('keeps the user’s parts for the next stream and list, never for another user; logout and expiry stop them', async () => {
    const { app, services } = await fakeClusterApp(api);
    services.hub.lingerMs = 30_000;
    const srv = await listen(app);
    try {
      const login = await fetch(`${srv.base}/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: USER, password: '12341234' }),
      });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0] ?? '')
        .join('; ');
      const alice = await passwordLogin(srv.base, 'alice@example.com');
      const stream = async () => {
        const res = await fetch(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { headers: { cookie } });
        const sse = new SseReader(res.body);
        await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
        return sse;
      };
      const list = async (c: string) => {
        const r = await fetch(`${srv.base}/api/namespaces/_all/inferenceservices`, { headers: { cookie: c } });
        expect(r.status).toBe(200);
        return ((await r.json()) as ListBody).items.map((o) => o.metadata.name);
      };

      const first = await stream();
      await until(() => cols.watches.length === 2, 'both upstream watches');
      await first.close(); // the tab is closed (or reloaded)
      await until(() => services.hub.lingeringCount === 2, 'the parts to linger');
      expect(services.hub.size).toBe(2);
      const listsBefore = cols.lists.length;
      const watchesBefore = cols.watches.length;
      // the reload: its list and its stream are answered from the lingering parts, no apiserver list
      expect(await list(cookie)).toEqual([`${USER}-m`, `${USER}-m`]);
      const again = await stream();
      expect(again.changes()[0]?.items).toHaveLength(2);
      expect(services.hub.lingeringCount).toBe(0);
      expect(cols.lists.length).toBe(listsBefore);
      expect(cols.watches.length).toBe(watchesBefore);
      await again.close();
      await until(() => services.hub.lingeringCount === 2, 'the parts to linger again');

      // another user is never answered from them
      expect(await list(alice)).toEqual(['alice@example.com-m', 'alice@example.com-m']);
      expect(cols.lists.slice(listsBefore)).toEqual(['alice@example.com ns-0', 'alice@example.com ns-1']);

      // logout ends the lingering parts at once
      const out = await fetch(`${srv.base}/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, origin: 'http://127.0.0.1:8080' },
      });
      expect(out.status).toBe(200);
      expect(services.hub.lingeringCount).toBe(0);
      expect(services.hub.size).toBe(0);

      // and without logout they end after the linger
      services.hub.lingerMs = 50;
      const res = await fetch(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, {
        headers: { cookie: alice },
      });
      const sse = new SseReader(res.body);
      await sse.until(() => sse.changes().length >= 1, 'alice’s RESYNC');
      expect(services.hub.size).toBe(2);
      await sse.close();
      await until(() => services.hub.size === 0, 'the linger to end');
      expect(services.hub.lingeringCount).toBe(0);
    } finally {
      srv.close();
      await services.close();
    }
  });
});
