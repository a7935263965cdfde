import { foldWatchEvent, type RawList, type WatchEvent } from '@servedeck/shared';
import { type Admin, isvcPath, openSse, type SseReader, sleep, USER_NS } from '../security/harness';

/** A test object KServe cannot serve (no modelFormat, no runtime): only the API and the watch are under test. */
export const watchOnlyIsvc = (name: string, label: string) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name, labels: { 'servedeck.dev/fault': label } },
  spec: { predictor: { model: { storageUri: 'pvc://none/model' } } },
});

export type Folded = { list: RawList | undefined; duplicates: string[]; resyncs: number };

/** A stream's events folded the way the web app folds them, noting ADDED events of an object already held. */
export function fold(sse: SseReader): Folded {
  let list: RawList | undefined;
  let resyncs = 0;
  const duplicates: string[] = [];
  for (const e of sse.events) {
    if (e.event !== 'change') continue;
    const ev = e.data as WatchEvent;
    if (ev.type === 'RESYNC') resyncs++;
    if (ev.type === 'ADDED') {
      const m = ev.object.metadata as { name: string; resourceVersion: string };
      const had = list?.items.find((o) => (o.metadata as { name: string }).name === m.name);
      if (had && (had.metadata as { resourceVersion: string }).resourceVersion === m.resourceVersion) {
        duplicates.push(m.name);
      }
    }
    list = foldWatchEvent(list, ev);
  }
  return { list, duplicates, resyncs };
}

/** `name@resourceVersion` of every object, sorted: equal summaries mean equal lists. */
export const summary = (items: Array<Record<string, unknown>>): string[] =>
  items
    .map((o) => {
      const m = o.metadata as { name: string; resourceVersion: string };
      return `${m.name}@${m.resourceVersion}`;
    })
    .sort();

/**
 * Wait until every stream folds to exactly the apiserver's own list of `ns` (compared again and again: the
 * controller may change objects meanwhile); returns how long it took. Throws after `timeoutMs`.
 */
export async function converge(admin: Admin, ns: string, streams: SseReader[], timeoutMs: number): Promise<number> {
  const start = Date.now();
  let last = '';
  for (;;) {
    const r = await admin.call('GET', isvcPath(ns));
    const want = summary((r.body.items ?? []) as Array<Record<string, unknown>>).join();
    const got = streams.map((s) => summary(fold(s).list?.items ?? []).join());
    if (r.status === 200 && got.every((g) => g === want)) return Date.now() - start;
    last = `want ${want}\ngot  ${got.join('\n     ')}`;
    if (Date.now() - start > timeoutMs) throw new Error(`streams did not converge in ${timeoutMs} ms:\n${last}`);
    await sleep(200);
  }
}

/** Retry a call until it answers one of `ok` (changes sent right after an outage may meet a warming apiserver). */
export async function retryUntil(f: () => Promise<{ status: number }>, ok: number[], what: string): Promise<void> {
  let last = 0;
  for (let i = 0; i < 100; i++) {
    const r = await f().catch(() => ({ status: 0 }));
    if (ok.includes(r.status)) return;
    last = r.status;
    await sleep(200);
  }
  throw new Error(`${what}: not accepted (last status ${last})`);
}

/**
 * Delete an InferenceService as admin (retried past a warming apiserver) and wait until it is gone: KServe holds
 * it by its finalizer (`inferenceservice.finalizers`) until its controller has cleaned up, as on any cluster.
 */
export async function deleteUntilGone(admin: Admin, ns: string, name: string, timeoutMs = 60_000): Promise<void> {
  await retryUntil(() => admin.call('DELETE', isvcPath(ns, name)), [200], `delete ${name}`);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await admin.call('GET', isvcPath(ns, name)).catch(() => ({ status: 0 }));
    if (r.status === 404) return;
    if (Date.now() > end)
      throw new Error(`${name} still there ${timeoutMs} ms after its delete (last status ${r.status})`);
    await sleep(200);
  }
}

/** The user's watch stream of InferenceServices in USER_NS. */
export const USER_WATCH = `/api/namespaces/${USER_NS}/watch/inferenceservices`;

/** A stream of USER_WATCH for the session `cookie`, past its first RESYNC. */
export async function openSynced(url: string, cookie: string): Promise<SseReader> {
  const stream = await openSse(url, USER_WATCH, cookie);
  await stream.until(() => stream.text.includes('"type":"RESYNC"'), 'RESYNC', 20_000);
  return stream;
}

/** `n` streams of USER_WATCH for the session `cookie`, each past its first RESYNC. */
export const openManySynced = (url: string, cookie: string, n: number): Promise<SseReader[]> =>
  Promise.all(Array.from({ length: n }, () => openSynced(url, cookie)));
