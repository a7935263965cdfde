import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Admin, type Client, isvcPath, type LocalBff, scanner, sleep, USER_NS } from '../security/harness';
import { killComponent, startFaultRig, stopFaultRig, upPrivateAsync } from './private-sandbox';
import { converge, deleteUntilGone, fold, openManySynced, retryUntil, watchOnlyIsvc } from './stream-fold';

const N = 3;
/** Clients must have every change within this long after it was made (measured: well under 1 s). */
const RESUME_MS = Number(process.env.SERVEDECK_RESUME_MS ?? 5000);
const NAMES = ['fault-w-1', 'fault-w-2', 'fault-w-3', 'fault-w-4'];

describe('fault: the apiserver restarts while streams are open', () => {
  let admin: Admin;
  let bff: LocalBff;
  let user: Client;

  beforeAll(async () => {
    ({ admin, bff, user } = await startFaultRig(NAMES));
    for (const n of NAMES.slice(0, 3)) {
      const r = await admin.call('POST', isvcPath(USER_NS), watchOnlyIsvc(n, 'watch'));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }, 15 * 60_000);

  afterAll(async () => {
    await stopFaultRig(admin, bff, NAMES);
    expect(scanner.findings()).toEqual([]);
  });

  it('streams stay open, resume within 5 s of the apiserver`s return, and fold to exactly a fresh list', async () => {
    const streams = await openManySynced(bff.url, user.cookie, N);

    await killComponent('kube-apiserver');
    const restarted = upPrivateAsync();
    // the outage as the BFF reports it: a clear 503 on reads
    const during = await user.get(`/api/namespaces/${USER_NS}/inferenceservices`);
    expect(during.status).toBe(503);
    expect(during.json()).toMatchObject({ reason: 'ClusterUnavailable' });

    // back: readyz answers
    for (;;) {
      const r = await admin.call('GET', '/readyz').catch(() => ({ status: 0 }));
      if (r.status === 200) break;
      await sleep(200);
    }
    // A restarted apiserver rejects OIDC tokens until its authenticator has fetched Dex's keys again;
    // no client can resume before that, so the 5 s are counted from when the user is served again.
    for (let i = 0; ; i++) {
      const r = await user.get(`/api/namespaces/${USER_NS}/inferenceservices`);
      if (r.status === 200) break;
      if (i > 300) throw new Error(`the user was not served again after the restart (last ${r.status})`);
      await sleep(100);
    }
    // changes right after the return, while the BFF's watches are still reconnecting
    await retryUntil(() => admin.call('POST', isvcPath(USER_NS), watchOnlyIsvc('fault-w-4', 'watch')), [201], 'create');
    await deleteUntilGone(admin, USER_NS, 'fault-w-1');
    await retryUntil(
      () =>
        admin.call(
          'PATCH',
          isvcPath(USER_NS, 'fault-w-2'),
          { metadata: { annotations: { 'servedeck.dev/changed': 'during-outage' } } },
          'application/merge-patch+json',
        ),
      [200],
      'patch',
    );

    // every stream converges on the apiserver's own list within 5 s of the changes
    const ms = await converge(admin, USER_NS, streams, RESUME_MS);
    process.stderr.write(`apiserver restart: streams converged ${ms} ms after the changes\n`);
    for (const s of streams) {
      const f = fold(s);
      expect(f.duplicates).toEqual([]);
      const names = (f.list?.items ?? []).map((o) => (o.metadata as { name: string }).name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toContain('fault-w-4');
      expect(names).not.toContain('fault-w-1');
      const w2 = f.list?.items.find((o) => (o.metadata as { name: string }).name === 'fault-w-2');
      expect(
        (w2?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.['servedeck.dev/changed'],
      ).toBe('during-outage');
      expect(s.ended, 'the SSE stream itself never broke').toBe(false);
      await s.close();
    }
    expect(await restarted).toBe(0);
  }, 240_000);
});
