import { describe, expect, it } from 'vitest';
import type { Services } from '../src/services';
import { FakeOidc, testApp } from './helpers/app';
import { FakeCollections, listen, passwordLogin, serveCollections } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const USER = 'user@example.com';
const ALICE = 'alice@example.com';

type Answer = { status: number; body: Record<string, unknown> };
type Item = { metadata: { name: string; resourceVersion: string } };
const names = (a: Answer) =>
  ((a.body.items ?? []) as Item[]).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
/** What a list answer says, without what differs per request (the request id of an error). */
const gist = (a: Answer) => ({
  status: a.status,
  items: a.status === 200 ? names(a) : undefined,
  resourceVersion: a.body.resourceVersion,
  warnings: a.body.warnings,
  reason: a.body.reason,
  message: a.body.message,
});

/**
 * A list that arrives while the stream opened with it is still doing its first list (watch/hub.ts whenSynced,
 * list.ts): it waits for that list instead of listing again, and lists from the apiserver itself when that list
 * fails, the part stops or the wait is too long. The user's own watches here (the fake apiserver has no access
 * reviews); the shared ones: shared-watch.test.ts.
 */
describe('a list while the stream’s first list is in flight (fake apiserver)', () => {
  const cols = new FakeCollections(['ns-0', 'ns-1', 'ns-2']);
  const api = serveCollections(cols);

  const withApp = async (body: (t: { services: Services; base: string; cookie: string }) => Promise<void>) => {
    cols.lists.length = 0;
    cols.arrived.length = 0;
    cols.watches.length = 0;
    cols.failing.clear();
    const { app, services } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
      },
      new FakeOidc(),
    );
    services.hub.lingerMs = 0;
    const srv = await listen(app);
    try {
      await body({ services, base: srv.base, cookie: await passwordLogin(srv.base, USER) });
    } finally {
      srv.close();
      await services.close();
    }
  };
  const list = async (base: string, cookie: string, ns: string): Promise<Answer> => {
    const r = await fetch(`${base}/api/namespaces/${ns}/inferenceservices`, { headers: { cookie } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  /** A stream of one namespace: its answer waits for the first list, so it is not awaited; `close` leaves. */
  const openStream = (base: string, cookie: string, ns: string) => {
    const ac = new AbortController();
    const res = fetch(`${base}/api/namespaces/${ns}/watch/inferenceservices`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: ac.signal,
    }).catch(() => undefined);
    return {
      close: async () => {
        ac.abort();
        await res;
      },
    };
  };
  const ofNs = (ns: string) => (l: string) => l.split(' ')[1] === ns;

  it('answers from the stream’s first list: one apiserver list per namespace serves both', async () => {
    await withApp(async ({ services, base, cookie }) => {
      const release = cols.hold('ns-1');
      const sse = await SseReader.open(`${base}/api/namespaces/_all/watch/inferenceservices`, { cookie });
      await until(() => cols.watches.length === 2 && cols.arrived.includes(`${USER} ns-1`), 'ns-1 still listing');
      const answer = list(base, cookie, '_all');
      await until(() => services.hub.waitingLists === 1, 'the list to wait for ns-1');
      release();
      const a = await answer;
      expect(a.status).toBe(200);
      expect(names(a)).toEqual([`${USER}-m@10`, `${USER}-m@10`, `${USER}-m@10`]);
      expect(a.body.warnings).toEqual([]);
      // the stream's three lists, nothing else: no list of the route's own (paged)
      expect(cols.arrived.sort()).toEqual([`${USER} ns-0`, `${USER} ns-1`, `${USER} ns-2`]);
      await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
      expect(sse.changes()[0]?.items).toHaveLength(3);

      // one namespace the same way, with the part's resourceVersion
      await sse.close();
      await until(() => services.hub.size === 0, 'the watches to stop');
      const again = cols.hold('ns-2');
      const one = openStream(base, cookie, 'ns-2');
      await until(() => cols.arrived.filter(ofNs('ns-2')).length === 2, 'the stream’s list of ns-2');
      const answer2 = list(base, cookie, 'ns-2');
      await until(() => services.hub.waitingLists === 1, 'the list to wait for ns-2');
      again();
      expect(gist(await answer2)).toMatchObject({ status: 200, items: [`${USER}-m@10`], resourceVersion: '10' });
      expect(cols.arrived.filter(ofNs('ns-2'))).toEqual([`${USER} ns-2`, `${USER} ns-2`]);
      await one.close();
    });
  });

  for (const status of [403, 500]) {
    it(`a first list that fails (${status}): the answer the apiserver gives the list itself`, async () => {
      await withApp(async ({ services, base, cookie }) => {
        cols.failing.set('ns-1', status);
        const direct = await list(base, cookie, 'ns-1'); // no stream: what the apiserver answers the route
        expect(direct.status).toBeGreaterThanOrEqual(400);
        cols.arrived.length = 0;
        services.hub.syncWaitMs = 120_000; // longer than the test: the failure, not the time, ends the wait

        const release = cols.hold('ns-1');
        const s = openStream(base, cookie, 'ns-1');
        await until(() => cols.arrived.includes(`${USER} ns-1`), 'the stream’s list');
        const answer = list(base, cookie, 'ns-1');
        await until(() => services.hub.waitingLists === 1, 'the list to wait for the stream’s');
        release();
        await until(
          () => cols.arrived.includes(`${USER} ns-1 paged`),
          'the route’s own list, once the stream’s failed',
        );
        expect(gist(await answer)).toEqual(gist(direct));
        expect(services.hub.waitingLists).toBe(0);
        // the stream's list failed first, then the route listed itself
        expect(cols.arrived.slice(0, 2)).toEqual([`${USER} ns-1`, `${USER} ns-1 paged`]);
        await s.close();
      });
    });
  }

  it('a stream that leaves before its first list is in: the route lists itself', async () => {
    await withApp(async ({ services, base, cookie }) => {
      services.hub.syncWaitMs = 120_000; // longer than the test: the part's stop, not the time, ends the wait
      const release = cols.hold('ns-1');
      const s = openStream(base, cookie, 'ns-1');
      await until(() => cols.arrived.includes(`${USER} ns-1`), 'the stream’s list');
      const answer = list(base, cookie, 'ns-1');
      await until(() => services.hub.waitingLists === 1, 'the list to wait for the stream’s');
      await s.close();
      await until(() => cols.arrived.includes(`${USER} ns-1 paged`), 'the route’s own list');
      expect(services.hub.waitingLists).toBe(0);
      release();
      expect(gist(await answer)).toMatchObject({ status: 200, items: [`${USER}-m@10`], resourceVersion: '10' });
    });
  });

  it('a first list slower than hub.syncWaitMs: the route lists itself', async () => {
    await withApp(async ({ services, base, cookie }) => {
      services.hub.syncWaitMs = 200;
      const release = cols.hold('ns-1');
      const s = openStream(base, cookie, 'ns-1');
      await until(() => cols.arrived.includes(`${USER} ns-1`), 'the stream’s list');
      const answer = list(base, cookie, 'ns-1');
      // while the stream's list is still held, the route's own arrives
      await until(() => cols.arrived.includes(`${USER} ns-1 paged`), 'the route’s own list');
      expect(services.hub.waitingLists).toBe(0);
      expect(cols.lists).toEqual([]);
      release();
      expect(gist(await answer)).toMatchObject({ status: 200, items: [`${USER}-m@10`], resourceVersion: '10' });
      await s.close();
    });
  });

  it('never waits for another user’s own watch', async () => {
    await withApp(async ({ services, base, cookie }) => {
      services.hub.syncWaitMs = 120_000; // longer than the test: a wait for user's watch would not end
      const alice = await passwordLogin(base, ALICE);
      const release = cols.hold('ns-1');
      const s = openStream(base, cookie, 'ns-1');
      await until(() => cols.arrived.includes(`${USER} ns-1`), 'user’s stream’s list');
      const answer = list(base, alice, 'ns-1');
      await until(() => cols.arrived.includes(`${ALICE} ns-1 paged`), 'alice’s own list');
      expect(services.hub.waitingLists).toBe(0);
      release();
      expect(gist(await answer)).toMatchObject({ status: 200, items: [`${ALICE}-m@10`] });
      await s.close();
    });
  });
});
