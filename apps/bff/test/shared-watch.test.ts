import { describe, expect, it } from 'vitest';
import { FakeOidc, testApp } from './helpers/app';
import { FakeCollections, isvc, listen, passwordLogin, serveCollections, userOf } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const USER = 'user@example.com';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

type Review = { user: string; verb: string; namespace: string; resource: string };
type ListBody = { items: Array<{ metadata: { name: string; resourceVersion: string } }> };

/**
 * Watches shared between users (watch/hub.ts, access.ts, recheck.ts) against a fake apiserver whose RBAC is a
 * table: every user allowed in a namespace sees the same objects there, as with Kubernetes RBAC.
 */
describe('list-watches shared between users the apiserver confirms', () => {
  const cols = new FakeCollections(['ns-0', 'ns-1', 'ns-2'], (_user, ns) => [isvc(ns, 'm', '10')]);
  const api = serveCollections(cols);
  /** user → namespaces where the SelfSubjectAccessReview answers allowed ('*': a cluster-wide binding). */
  const allowed = new Map<string, Set<string>>();
  const reviews: Review[] = [];
  /** While set, reviews are answered only once it resolves. */
  let reviewsHeld: Promise<void> | undefined;
  let installed = false;
  const installReviews = () => {
    if (installed) return;
    installed = true;
    api.on('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', async (req, res, body) => {
      const spec = (JSON.parse(body) as { spec: { resourceAttributes: Omit<Review, 'user'> } }).spec.resourceAttributes;
      const user = userOf(req);
      const ns = spec.namespace ?? '';
      reviews.push({ user, verb: spec.verb, namespace: ns, resource: spec.resource });
      await reviewsHeld;
      const mine = allowed.get(user) ?? new Set();
      const ok = mine.has('*') || (ns !== '' && mine.has(ns));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'SelfSubjectAccessReview', status: { allowed: ok } }));
    });
  };

  const app = async (env: Record<string, string> = {}) => {
    installReviews();
    const t = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
        ...env,
      },
      new FakeOidc(),
    );
    t.services.hub.lingerMs = 0;
    return { ...t, srv: await listen(t.app) };
  };
  const stream = async (base: string, cookie: string, ns = '_all') => {
    const sse = await SseReader.open(`${base}/api/namespaces/${ns}/watch/inferenceservices`, { cookie });
    await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
    return sse;
  };
  /**
   * One test's app: the RBAC table (user → namespaces the review allows, '*' cluster-wide) set afresh, the
   * fake apiserver's records cleared, and the app closed after `body` whatever happens.
   */
  const withApp = async (
    rbac: Record<string, string[]>,
    env: Record<string, string>,
    body: (t: Awaited<ReturnType<typeof app>>) => Promise<void>,
  ) => {
    cols.watches.length = 0;
    cols.lists.length = 0;
    reviews.length = 0;
    allowed.clear();
    for (const [user, nss] of Object.entries(rbac)) allowed.set(user, new Set(nss));
    const t = await app(env);
    try {
      await body(t);
    } finally {
      t.srv.close();
      await t.services.close();
    }
  };

  it('one upstream watch per namespace for every confirmed user; an unconfirmed user keeps their own', async () => {
    await withApp({ [USER]: ['ns-0', 'ns-1', 'ns-2'], [ALICE]: ['*'] }, {}, async ({ services, srv }) => {
      const user = await passwordLogin(srv.base, USER);
      const alice = await passwordLogin(srv.base, ALICE);
      const bob = await passwordLogin(srv.base, BOB);

      const a = await stream(srv.base, user);
      await until(() => cols.watches.length === 3, 'three upstream watches');
      expect(cols.watches.every((w) => w.user === USER)).toBe(true);
      expect(services.hub.sharedCount).toBe(3);
      // per namespace (no cluster-wide binding): one review without a namespace, then one per namespace
      expect(
        reviews
          .filter((r) => r.user === USER && r.verb === 'watch')
          .map((r) => r.namespace)
          .sort(),
      ).toEqual(['', 'ns-0', 'ns-1', 'ns-2']);

      // alice (allowed cluster-wide: one review) joins the same three watches: no list, no watch of her own
      const b = await stream(srv.base, alice);
      expect(b.changes()[0]?.items).toHaveLength(3);
      expect(reviews.filter((r) => r.user === ALICE).map((r) => `${r.verb} ${r.namespace}`)).toEqual(['watch ']);
      expect(cols.watches).toHaveLength(3);
      expect(cols.lists.filter((l) => l.startsWith(ALICE))).toEqual([]);
      expect(services.hub.size).toBe(3);

      // bob may not (the review says no): his stream runs as him, and the apiserver answers it
      const c = await stream(srv.base, bob);
      await until(() => cols.watches.length === 6, 'bob’s own three watches');
      expect(cols.watches.slice(3).every((w) => w.user === BOB)).toBe(true);
      expect(services.hub.sharedCount).toBe(3);

      // one event upstream reaches both sharing users once each
      cols.send('ns-1', USER, { type: 'MODIFIED', object: isvc('ns-1', 'm', '11') });
      await a.until(() => a.changes().length >= 2, 'the MODIFIED (user)');
      await b.until(() => b.changes().length >= 2, 'the MODIFIED (alice)');
      expect(b.changes()[1]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'm' } } });
      expect(c.changes()).toHaveLength(1);
      await Promise.all([a.close(), b.close(), c.close()]);
      await until(() => services.hub.size === 0, 'the watches to stop');
    });
  });

  it('continues as another subscriber from its resourceVersion when the one it runs as leaves', async () => {
    await withApp({ [USER]: ['*'], [ALICE]: ['*'] }, {}, async ({ srv }) => {
      const user = await passwordLogin(srv.base, USER);
      const alice = await passwordLogin(srv.base, ALICE);
      const a = await stream(srv.base, user, 'ns-0');
      const b = await stream(srv.base, alice, 'ns-0');
      await until(() => cols.watches.length === 1, 'one upstream watch');
      cols.send('ns-0', USER, { type: 'MODIFIED', object: isvc('ns-0', 'm', '12') });
      await b.until(() => b.changes().length >= 2, 'the MODIFIED');
      const lists = cols.lists.length;

      await a.close();
      await until(() => cols.watches.length === 2, 'the watch again, as alice');
      expect(cols.watches[1]).toMatchObject({ user: ALICE, ns: 'ns-0', rv: '12' });
      expect(cols.lists.length).toBe(lists); // no relist
      expect(b.events.filter((e) => e.event === 'error')).toEqual([]);
      cols.send('ns-0', ALICE, { type: 'MODIFIED', object: isvc('ns-0', 'm', '13') });
      await b.until(() => b.changes().length >= 3, 'the next MODIFIED, watched as alice');
      await b.close();
    });
  });

  it('a lingering shared watch runs as the next user who joins it, from its resourceVersion', async () => {
    await withApp({ [USER]: ['*'], [ALICE]: ['*'] }, {}, async ({ services, srv }) => {
      services.hub.lingerMs = 30_000;
      const a = await stream(srv.base, await passwordLogin(srv.base, USER), 'ns-0');
      await until(() => cols.watches.length === 1, 'the upstream watch');
      cols.send('ns-0', USER, { type: 'MODIFIED', object: isvc('ns-0', 'm', '14') });
      await a.until(() => a.changes().length >= 2, 'the MODIFIED');
      await a.close();
      await until(() => services.hub.lingeringCount === 1, 'the part to linger');
      const lists = cols.lists.length;
      const b = await stream(srv.base, await passwordLogin(srv.base, ALICE), 'ns-0');
      expect(b.changes()[0]?.items).toEqual([
        expect.objectContaining({ metadata: expect.objectContaining({ resourceVersion: '14' }) }),
      ]);
      await until(() => cols.watches.length === 2, 'the watch again, as alice');
      expect(cols.watches[1]).toMatchObject({ user: ALICE, rv: '14' });
      expect(cols.lists.length).toBe(lists);
      await b.close();
    });
  });

  it('ends a user’s share within the recheck window once the review says no; the others keep theirs', async () => {
    await withApp(
      { [USER]: ['*'], [ALICE]: ['ns-0', 'ns-1'] },
      { SERVEDECK_WATCH_ACCESS_RECHECK_MS: '300' },
      async ({ srv }) => {
        const user = await passwordLogin(srv.base, USER);
        const alice = await passwordLogin(srv.base, ALICE);
        const a = await stream(srv.base, user, 'ns-0');
        const b = await stream(srv.base, alice, 'ns-0');
        const all = await stream(srv.base, alice); // ns-0 and ns-1 shared; ns-2 refused by the review: her own
        await until(() => cols.watches.length === 3, 'two shared watches and alice’s own of ns-2');
        expect(all.changes()[0]?.items).toHaveLength(3);

        allowed.set(ALICE, new Set(['ns-1'])); // her RoleBinding in ns-0 is removed
        // her stream of ns-0 ends with a 403; in her all-namespaces stream ns-0 ends with an error event
        await b.until(() => b.ended, 'alice’s ns-0 stream to end', 3_000);
        expect(b.events.at(-1)).toMatchObject({ event: 'error', data: { status: 403, reason: 'Forbidden' } });
        await all.until(() => all.events.some((e) => e.event === 'error'), 'the error of ns-0', 3_000);
        expect(all.events.find((e) => e.event === 'error')?.data).toMatchObject({
          status: 403,
          message: expect.stringContaining('"ns-0"'),
        });
        // what she still sees: a later event in ns-1 reaches her, one in ns-0 does not
        cols.send('ns-0', USER, { type: 'MODIFIED', object: isvc('ns-0', 'm', '20') });
        cols.send('ns-1', ALICE, { type: 'MODIFIED', object: isvc('ns-1', 'm', '21') });
        await a.until(() => a.changes().length >= 2, 'user’s MODIFIED in ns-0');
        await all.until(() => all.changes().some((c) => c.object?.metadata?.name === 'm'), 'the ns-1 MODIFIED');
        const seen = all.changes().flatMap((c) => (c.object ? [c.object as { metadata: { namespace: string } }] : []));
        expect(seen.map((o) => o.metadata.namespace)).toEqual(['ns-1']);
        expect(a.ended).toBe(false);
        await Promise.all([a.close(), all.close()]);
      },
    );
  });

  it('answers a list from the shared watch only for a user the review allows to list there', async () => {
    await withApp({ [USER]: ['*'], [ALICE]: ['*'] }, {}, async ({ srv }) => {
      const user = await passwordLogin(srv.base, USER);
      const alice = await passwordLogin(srv.base, ALICE);
      const bob = await passwordLogin(srv.base, BOB);
      const a = await stream(srv.base, user);
      await until(() => cols.watches.length === 3, 'three upstream watches');
      cols.send('ns-2', USER, { type: 'MODIFIED', object: isvc('ns-2', 'm', '30') });
      await a.until(() => a.changes().length >= 2, 'the MODIFIED');
      const list = async (cookie: string) => {
        const r = await fetch(`${srv.base}/api/namespaces/_all/inferenceservices`, { headers: { cookie } });
        expect(r.status).toBe(200);
        return ((await r.json()) as ListBody).items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`);
      };
      const lists = cols.lists.length;
      // alice never opened a stream: her list comes from the shared watches, current with the event
      expect((await list(alice)).sort()).toEqual(['m@10', 'm@10', 'm@30']);
      expect(reviews.filter((r) => r.user === ALICE).map((r) => `${r.verb} ${r.namespace}`)).toEqual(['list ']);
      expect(cols.lists.length).toBe(lists);
      // bob is not allowed by the review: the apiserver lists for him, as him
      expect(await list(bob)).toHaveLength(3);
      expect(cols.lists.slice(lists).every((l) => l.startsWith(BOB))).toBe(true);
      expect(cols.lists.length).toBe(lists + 3);
      await a.close();
    });
  });

  it('a list waits for the shared watch’s first list only for a user the review allows to list there', async () => {
    await withApp({ [USER]: ['*'], [ALICE]: ['*'] }, {}, async ({ services, srv }) => {
      services.hub.syncWaitMs = 120_000; // longer than the test: only the first list ends the wait
      const user = await passwordLogin(srv.base, USER);
      const alice = await passwordLogin(srv.base, ALICE);
      const bob = await passwordLogin(srv.base, BOB);
      cols.arrived.length = 0;
      const release = cols.hold('ns-0');
      // all namespaces: the stream opens at once; ns-1 and ns-2 list, ns-0's list is held
      const a = await SseReader.open(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { cookie: user });
      await until(() => cols.watches.length === 2 && cols.arrived.includes(`${USER} ns-0`), 'ns-0 still listing');
      expect(services.hub.sharedCount).toBe(3);
      const list = async (cookie: string) => {
        const r = await fetch(`${srv.base}/api/namespaces/ns-0/inferenceservices`, { headers: { cookie } });
        expect(r.status).toBe(200);
        return ((await r.json()) as ListBody).items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`);
      };
      const forAlice = list(alice);
      await until(() => services.hub.waitingLists === 1, 'alice’s list to wait for the shared ns-0');
      expect(reviews.filter((r) => r.user === ALICE).map((r) => `${r.verb} ${r.namespace}`)).toEqual(['list ']);
      // bob is not allowed by the review: he does not wait for it, the apiserver lists for him, as him
      const forBob = list(bob);
      await until(() => cols.arrived.includes(`${BOB} ns-0 paged`), 'bob’s own list');
      expect(services.hub.waitingLists).toBe(1);
      release();
      expect(await forAlice).toEqual(['m@10']);
      expect(await forBob).toEqual(['m@10']);
      expect(cols.arrived.filter((l) => l.endsWith('ns-0') || l.endsWith('ns-0 paged')).sort()).toEqual([
        `${BOB} ns-0 paged`,
        `${USER} ns-0`,
      ]);
      await a.close();
    });
  });

  it('a list waits for the user’s stream whose access reviews are still in flight, then for its first lists', async () => {
    await withApp({ [USER]: ['ns-0', 'ns-1', 'ns-2'] }, {}, async ({ services, srv }) => {
      services.hub.syncWaitMs = 120_000; // longer than the test: only the stream's subscribing ends the wait
      const user = await passwordLogin(srv.base, USER);
      cols.arrived.length = 0;
      let release: () => void = () => {};
      reviewsHeld = new Promise((r) => {
        release = r;
      });
      try {
        const opened = SseReader.open(`${srv.base}/api/namespaces/_all/watch/inferenceservices`, { cookie: user });
        await until(() => reviews.some((r) => r.user === USER && r.verb === 'watch'), 'the stream’s first review');
        const answer = fetch(`${srv.base}/api/namespaces/_all/inferenceservices`, { headers: { cookie: user } });
        await until(() => services.hub.waitingLists === 3, 'the list to wait for the stream, per namespace');
        expect(services.hub.size).toBe(0);
        reviewsHeld = undefined;
        release();
        const r = await answer;
        expect(r.status).toBe(200);
        const items = ((await r.json()) as ListBody).items;
        expect(items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)).toEqual(['m@10', 'm@10', 'm@10']);
        // the stream's three lists (shared watches, as the user) served the list too
        expect(cols.arrived.sort()).toEqual([`${USER} ns-0`, `${USER} ns-1`, `${USER} ns-2`]);
        expect(services.hub.sharedCount).toBe(3);
        await (await opened).close();
      } finally {
        reviewsHeld = undefined;
        release();
      }
    });
  });

  it('shares nothing with SERVEDECK_SHARED_WATCHES=false', async () => {
    await withApp(
      { [USER]: ['*'], [ALICE]: ['*'] },
      { SERVEDECK_SHARED_WATCHES: 'false' },
      async ({ services, srv }) => {
        const a = await stream(srv.base, await passwordLogin(srv.base, USER), 'ns-0');
        const b = await stream(srv.base, await passwordLogin(srv.base, ALICE), 'ns-0');
        await until(() => cols.watches.length === 2, 'one watch per user');
        expect(reviews).toEqual([]);
        expect(services.hub.sharedCount).toBe(0);
        await Promise.all([a.close(), b.close()]);
      },
    );
  });
});
