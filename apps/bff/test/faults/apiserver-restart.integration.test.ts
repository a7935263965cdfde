import { foldWatchEvent, type RawList, type WatchEvent } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Admin,
  type Client,
  isvcPath,
  type LocalBff,
  loginClient,
  type Sandbox,
  SseReader,
  scanner,
  sleep,
  startLocalBff,
  USER_NS,
} from '../security/harness';
import { killComponent, upPrivate, upPrivateAsync } from './private-sandbox';

const N = 3;
/** Clients must have every change within this long after it was made (measured: well under 1 s). */
const RESUME_MS = Number(process.env.SERVEDECK_RESUME_MS ?? 5000);
/** Objects the sandbox controller skips (no modelFormat): only the watch is under test, no model servers. */
const obj = (name: string) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name, labels: { 'servedeck.dev/fault': 'watch' } },
  spec: { predictor: { model: { storageUri: 'pvc://none/model' } } },
});

type Folded = { list: RawList | undefined; duplicates: string[] };

function fold(sse: SseReader): Folded {
  let list: RawList | undefined;
  const duplicates: string[] = [];
  for (const e of sse.events) {
    if (e.event !== 'change') continue;
    const ev = e.data as WatchEvent;
    if (ev.type === 'ADDED') {
      const m = ev.object.metadata as { name: string; resourceVersion: string };
      const had = list?.items.find((o) => (o.metadata as { name: string }).name === m.name);
      if (had && (had.metadata as { resourceVersion: string }).resourceVersion === m.resourceVersion) {
        duplicates.push(m.name);
      }
    }
    list = foldWatchEvent(list, ev);
  }
  return { list, duplicates };
}

const summary = (items: Array<Record<string, unknown>>) =>
  items
    .map((o) => {
      const m = o.metadata as { name: string; resourceVersion: string };
      return `${m.name}@${m.resourceVersion}`;
    })
    .sort();

describe('fault: the apiserver restarts while streams are open', () => {
  let sandbox: Sandbox;
  let admin: Admin;
  let bff: LocalBff;
  let user: Client;

  beforeAll(async () => {
    sandbox = upPrivate();
    admin = new Admin(sandbox);
    bff = await startLocalBff(sandbox);
    user = await loginClient(bff.url, sandbox, 'user@example.com');
    for (let i = 1; i <= 4; i++) await admin.call('DELETE', isvcPath(USER_NS, `fault-w-${i}`));
    for (let i = 1; i <= 3; i++) {
      const r = await admin.call('POST', isvcPath(USER_NS), obj(`fault-w-${i}`));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }, 15 * 60_000);

  afterAll(async () => {
    for (let i = 1; i <= 4; i++) await admin?.call('DELETE', isvcPath(USER_NS, `fault-w-${i}`)).catch(() => {});
    await admin?.close();
    await bff?.stop();
    expect(scanner.findings()).toEqual([]);
  });

  it('streams stay open, resume within 5 s of the apiserver`s return, and fold to exactly a fresh list', async () => {
    const path = `/api/namespaces/${USER_NS}/watch/inferenceservices`;
    const streams = await Promise.all(
      Array.from({ length: N }, () => new SseReader(bff.url, path, user.cookie).open()),
    );
    for (const s of streams) await s.until((r) => r.text.includes('"type":"RESYNC"'), 20_000, 'RESYNC');

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
    const retry = async (f: () => Promise<{ status: number }>, ok: number[]) => {
      for (let i = 0; i < 50; i++) {
        const r = await f().catch(() => ({ status: 0 }));
        if (ok.includes(r.status)) return;
        await sleep(100);
      }
      throw new Error('change not accepted');
    };
    await retry(() => admin.call('POST', isvcPath(USER_NS), obj('fault-w-4')), [201]);
    await retry(() => admin.call('DELETE', isvcPath(USER_NS, 'fault-w-1')), [200]);
    await retry(
      () =>
        admin.call(
          'PATCH',
          isvcPath(USER_NS, 'fault-w-2'),
          { metadata: { annotations: { 'servedeck.dev/changed': 'during-outage' } } },
          'application/merge-patch+json',
        ),
      [200],
    );

    const fresh = async () => {
      const r = await admin.call('GET', isvcPath(USER_NS));
      return summary((r.body.items ?? []) as Array<Record<string, unknown>>);
    };
    // every stream converges on the apiserver's own list within 5 s of the changes (repeated
    // comparison: the controller may change objects meanwhile)
    const changedAt = Date.now();
    const deadline = changedAt + RESUME_MS;
    let agreed = false;
    let last = '';
    while (!agreed) {
      const want = (await fresh()).join();
      const got = streams.map((s) => summary(fold(s).list?.items ?? []).join());
      agreed = got.every((g) => g === want);
      last = `want ${want}\ngot  ${got.join('\n     ')}`;
      if (!agreed && Date.now() > deadline) throw new Error(`streams did not converge in ${RESUME_MS} ms:\n${last}`);
      if (!agreed) await sleep(200);
    }
    process.stderr.write(`apiserver restart: streams converged ${Date.now() - changedAt} ms after the changes\n`);
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
