import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/until';
import {
  type Admin,
  type Client,
  isvcPath,
  type LocalBff,
  loginClient,
  type Sandbox,
  scanner,
  USER_NS,
} from '../security/harness';
import { killComponent, startFaultRig, stopFaultRig, upPrivateAsync } from './private-sandbox';
import { converge, deleteUntilGone, fold, openManySynced, openSynced, retryUntil, watchOnlyIsvc } from './stream-fold';

const NAMES = ['fault-e-1', 'fault-e-2', 'fault-e-3'];
/** An answer later than this is a hang (the apiserver client's own timeout is 30 s). */
const HANG_MS = 20_000;
const RESUME_MS = Number(process.env.SERVEDECK_RESUME_MS ?? 10_000);

type Timed = { status: number; body: Record<string, unknown>; ms: number };

/** One API call as the user, bounded: a hang fails the test instead of waiting for a timeout. */
async function timed(user: Client, method: string, path: string, body?: unknown): Promise<Timed> {
  const t0 = Date.now();
  const res = await fetch(`${user.base}${path}`, {
    method,
    headers: {
      cookie: user.cookie,
      'x-csrf-token': user.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    signal: AbortSignal.timeout(HANG_MS),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  scanner.add(`${method} ${path}`, text);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, ms: Date.now() - t0 };
}

describe('fault: etcd stops', () => {
  let sandbox: Sandbox;
  let admin: Admin;
  let bff: LocalBff;
  let user: Client;
  let viewer: Client;

  beforeAll(async () => {
    ({ sandbox, admin, bff, user } = await startFaultRig(NAMES));
    viewer = await loginClient(bff.url, sandbox, 'viewer@example.com');
    for (const n of NAMES.slice(0, 2)) {
      const r = await admin.call('POST', isvcPath(USER_NS), watchOnlyIsvc(n, 'etcd'));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }, 15 * 60_000);

  afterAll(async () => {
    await stopFaultRig(admin, bff, NAMES);
    expect(scanner.findings()).toEqual([]);
  });

  it('answers 503 ClusterUnavailable while etcd is down, keeps streams open, and recovers when it returns', async () => {
    const base = `/api/namespaces/${USER_NS}/inferenceservices`;
    const streams = await openManySynced(bff.url, user.cookie, 2);

    await killComponent('etcd');
    try {
      // reads: a clear 503 that names etcd, quickly (no hang, no 500). The viewer has no stream open but shares
      // the user's watches (the same namespace, access confirmed by a review): its list may come from their
      // cache until the BFF's cluster health check (every 5 s) takes them out of service; then the apiserver's 503
      const list = await eventually(
        async () => {
          const l = await timed(viewer, 'GET', base);
          expect([200, 503], JSON.stringify(l.body)).toContain(l.status);
          return l.status === 503 ? l : undefined;
        },
        15_000,
        'the viewer’s list to answer 503',
        250,
      );
      expect(list.body).toMatchObject({ status: 503, reason: 'ClusterUnavailable' });
      expect(String(list.body.message)).toMatch(/etcd/);
      const one = await timed(viewer, 'GET', `${base}/${NAMES[0]}`);
      // the user's own GET of one object (no watch cache for single objects)
      const userOne = await timed(user, 'GET', `${base}/${NAMES[1]}`);
      expect(userOne.body).toMatchObject({ status: 503, reason: 'ClusterUnavailable' });
      expect(one.body).toMatchObject({ status: 503, reason: 'ClusterUnavailable' });
      // a write: 503 too, and says the change may or may not have been applied
      const write = await timed(user, 'POST', base, watchOnlyIsvc('fault-e-x', 'etcd'));
      expect(write.body).toMatchObject({ status: 503, reason: 'ClusterUnavailable' });
      expect(String(write.body.message)).toMatch(/may or may not have been applied/);
      process.stderr.write(
        `etcd down: list 503 in ${list.ms} ms, get 503 in ${one.ms}/${userOne.ms} ms, create 503 in ${write.ms} ms\n`,
      );
      // the session itself still works (no cluster call)
      expect((await timed(user, 'GET', '/api/me')).status).toBe(200);
      for (const s of streams) expect(s.ended, 'open streams stay open through the outage').toBe(false);
    } finally {
      expect(await upPrivateAsync()).toBe(0);
    }

    // back: the user is served again, and changes made now reach the open streams
    await retryUntil(() => user.get(base), [200], 'list after etcd returned');
    await retryUntil(() => admin.call('POST', isvcPath(USER_NS), watchOnlyIsvc('fault-e-3', 'etcd')), [201], 'create');
    await deleteUntilGone(admin, USER_NS, 'fault-e-1');
    const ms = await converge(admin, USER_NS, streams, RESUME_MS);
    process.stderr.write(`etcd back: streams converged ${ms} ms after the changes\n`);
    for (const s of streams) {
      const f = fold(s);
      expect(f.duplicates).toEqual([]);
      const names = (f.list?.items ?? []).map((o) => (o.metadata as { name: string }).name);
      expect(names).toContain('fault-e-3');
      expect(names).not.toContain('fault-e-1');
      expect(s.ended).toBe(false);
      await s.close();
    }
    // a stream opened after the return starts with a RESYNC of the current list
    const fresh = await openSynced(bff.url, user.cookie);
    await converge(admin, USER_NS, [fresh], RESUME_MS);
    await fresh.close();
  }, 300_000);
});
