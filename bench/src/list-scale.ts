/**
 * Scale of the list: N InferenceServices across M namespaces in the sandbox apiserver. BFF list cold and
 * warm against direct apiserver lists; write-to-SSE-client latency with many subscribers; BFF memory; and
 * the web list page in headless Chromium.
 * Over 300 lines: one phase's measurements share its 5,000 objects, its BFF and its subscribers.
 */

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { apiHeaders, type RunningBff, startBff } from './bff';
import { type ListPageResult, measureListPage } from './browser';
import { ensureUserNamespace, ISVC_GROUP_PATH, inBatches, isvcPath, isvcsPath } from './kube';
import { readMemory } from './machine';
import { sleep } from './procs';
import { fmtMB, fmtMs } from './report';
import { idToken, type SandboxEnv } from './sandbox';
import { IGNORE_ANNOTATION, scaleNamespaces, scaleObject } from './scale-objects';
import { type Subscriber, subscribe } from './sse-client';
import { type Summary, summarize } from './stats';
import { deliveryLatencies, writeTicks } from './write-latency';

export type ListScaleOptions = {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  namespaces: number;
  perNamespace: number;
  warmReps: number;
  subscribers: number;
  writes: number;
  webDist?: string;
  log: (s: string) => void;
};

export type ListScaleResults = {
  objects: number;
  namespaces: number;
  controllerIgnores: boolean;
  setupS: number;
  bffColdMs: number;
  bffWarm: Summary | undefined;
  /** The same warm list while the user's list-watches are live (the subscribers below): from the watch cache. */
  bffWarmWatched?: Summary | undefined;
  /** RESYNCs each subscriber received before it had the full list (1 = one merged RESYNC). */
  resyncsPerSubscriber?: number[];
  userDirect: Summary | undefined;
  adminDirect: Summary | undefined;
  bffItems: number;
  subscribersConnected: number;
  subscribersWanted: number;
  /** Why the BFF died during the subscribe phase, when it did. */
  bffCrashed?: string;
  subscribeS: number | undefined;
  writeLatency: Summary | undefined;
  deliveries: number;
  expectedDeliveries: number;
  bffRssIdle: number | undefined;
  bffRssWatching: number | undefined;
  bffPeak: number | undefined;
  page: ListPageResult;
  leftovers: number;
  notes: string[];
};

/** The last fatal line of a crashed BFF's log (e.g. V8's heap out of memory). */
export function crashReason(logFile: string): string {
  try {
    const text = readFileSync(logFile, 'utf8');
    const oom = /FATAL ERROR: ([^\n]+)/.exec(text);
    if (oom?.[1]) return oom[1].trim();
    const lines = text.trim().split('\n');
    return (lines.at(-1) ?? 'exited').slice(0, 200);
  } catch {
    return 'exited';
  }
}

function httpsGet(
  url: string,
  headers: Record<string, string>,
  agent: Agent,
): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = httpsRequest(url, { headers, agent, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout`)));
    req.on('error', fail);
    req.end();
  });
}

/** Bytes of one answer on the wire with this Accept-Encoding, and its Content-Encoding. */
export function wireBytes(
  url: string,
  headers: Record<string, string>,
  encoding: string,
): Promise<{ bytes: number; encoding: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest(url, { headers: { ...headers, 'accept-encoding': encoding }, timeout: 120_000 }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => done({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout`)));
    req.on('error', fail);
    req.end();
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const r = await fetch(url, { headers, signal: AbortSignal.timeout(120_000) });
  const text = await r.text();
  if (!r.ok) throw new Error(`GET ${url}: ${r.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

function itemCount(body: unknown): number {
  const items = (body as { items?: unknown[] })?.items;
  return Array.isArray(items) ? items.length : 0;
}

/**
 * Create the objects (409 = already there), stopped: KServe's controller writes their status (the bench's own
 * `scaleStatus` was only written while the imitation ignored them).
 */
async function populate(o: ListScaleOptions, nss: string[]): Promise<void> {
  for (const ns of nss)
    await ensureUserNamespace(o.kube, ns, 'user@example.com', { 'app.kubernetes.io/part-of': 'servedeck-bench' });
  const work = nss.flatMap((ns, n) =>
    Array.from({ length: o.perNamespace }, (_, k) => ({ ns, i: n * o.perNamespace + k })),
  );
  await inBatches(work, 16, async ({ ns, i }) => {
    await o.kube.ensure(isvcsPath(ns), scaleObject(ns, i, false));
  });
}

async function removeAll(o: ListScaleOptions, nss: string[]): Promise<number> {
  for (const ns of nss) await o.kube.call('DELETE', isvcsPath(ns));
  // Objects the controller put its finalizer on (when it does not ignore them) would wait for it to clean up
  // thousands of nothing: they are terminating now, so dropping the finalizer is safe (none owns anything).
  const deadline = Date.now() + 180_000;
  let left = 0;
  while (Date.now() < deadline) {
    const stuck: { ns: string; name: string }[] = [];
    for (const ns of nss) {
      const items = o.kube.call('GET', isvcsPath(ns)).then((r) => (r.body as { items?: unknown[] })?.items ?? []);
      for (const it of await items) {
        const m = (it as { metadata?: { name?: string; finalizers?: string[] } }).metadata;
        if (m?.name) stuck.push({ ns, name: m.name });
      }
    }
    left = stuck.length;
    if (left === 0) break;
    await inBatches(stuck, 16, async ({ ns, name }) => {
      await o.kube.call(
        'PATCH',
        isvcPath(ns, name),
        { metadata: { finalizers: null } },
        'application/merge-patch+json',
      );
    });
    await sleep(1000);
  }
  return left;
}

export async function runListScale(o: ListScaleOptions): Promise<ListScaleResults> {
  const notes: string[] = [];
  const nss = scaleNamespaces(o.namespaces);
  const objects = o.namespaces * o.perNamespace;
  notes.push(
    `Nothing in the sandbox honours \`${IGNORE_ANNOTATION}\` (real KServe does not know it), so the objects also ` +
      'carry `serving.kserve.io/stop: "true"` (no model servers) and KServe\'s controller writes their status ' +
      'and keeps reconciling them: its extra apiserver traffic is part of these figures.',
  );
  o.log(`list-scale: writing ${objects} InferenceServices across ${o.namespaces} namespaces`);
  const setup = await timed(() => populate(o, nss));
  o.log(`  written in ${(setup.ms / 1000).toFixed(1)} s`);

  let bff: RunningBff | undefined;
  const subs: Subscriber[] = [];
  let leftovers = 0;
  let result: ListScaleResults | undefined;
  try {
    bff = await startBff({
      sandbox: o.sandbox,
      logDir: o.dir,
      name: 'list',
      namespaces: nss,
      ...(o.webDist ? { webDist: o.webDist } : {}),
    });
    const b = bff;
    const h = apiHeaders(b.session);
    const listUrl = `${b.url}/api/namespaces/_all/inferenceservices`;
    const bffRssIdle = readMemory(b.child.pid, 'VmRSS');

    // Cold: the first list after start (namespace access reviews, fresh connections); warm: repeated.
    const cold = await timed(() => getJson(listUrl, h));
    const bffItems = itemCount(cold.value);
    const warm: number[] = [];
    for (let r = 0; r < o.warmReps; r++) warm.push((await timed(() => getJson(listUrl, h))).ms);

    // Direct references: the same user (Dex ID token) listing each namespace in parallel, and one
    // cluster-wide list as admin.
    const token = idToken('user@example.com');
    const api = o.sandbox.apiserverUrl;
    const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: readFileSync(o.sandbox.caFile) });
    const userList = async (): Promise<void> => {
      await Promise.all(
        nss.map(async (ns) => {
          const r = await httpsGet(
            `${api}${isvcsPath(ns)}`,
            { authorization: `Bearer ${token}`, accept: 'application/json' },
            agent,
          );
          if (r.status !== 200) throw new Error(`user list ${ns}: ${r.status} ${r.text.slice(0, 200)}`);
          JSON.parse(r.text);
        }),
      );
    };
    const userDirect: number[] = [];
    await userList(); // its connections warm, like the BFF's
    for (let r = 0; r < o.warmReps; r++) userDirect.push((await timed(userList)).ms);
    const adminDirect: number[] = [];
    for (let r = 0; r < o.warmReps; r++) {
      adminDirect.push(
        (await timed(async () => JSON.parse((await o.kube.must('GET', `${ISVC_GROUP_PATH}/inferenceservices`)).text)))
          .ms,
      );
    }
    agent.destroy();

    // Subscribers: every one a separate SSE connection of the same session (like open tabs). The BFF's
    // memory is sampled meanwhile (its peak is lost if it dies).
    o.log(`  ${o.subscribers} SSE subscribers`);
    const watchUrl = () => `${(bff ?? b).url}/api/namespaces/_all/watch/inferenceservices`;
    let observedPeak = readMemory(b.child.pid, 'VmRSS') ?? 0;
    const sampler = setInterval(() => {
      const rss = bff ? readMemory(bff.child.pid, 'VmRSS') : undefined;
      if (rss !== undefined && rss > observedPeak) observedPeak = rss;
    }, 200);
    const connectAll = async (count: number, timeoutMs: number) => {
      const started = performance.now();
      const batch: Subscriber[] = [];
      // the current BFF's address: after a crash the retry runs against a fresh one (on another port)
      for (let s = 0; s < count; s++) batch.push(subscribe(watchUrl(), apiHeaders((bff ?? b).session)));
      subs.push(...batch);
      const deadline = Date.now() + timeoutMs;
      // complete = a RESYNC carrying every scale object (the user's own namespace may add a few)
      const complete = (x: Subscriber): boolean => !x.error && x.resyncItems >= objects;
      while (Date.now() < deadline && alive() && !batch.every((x) => complete(x) || x.error)) await sleep(100);
      const done = batch.filter(complete).length;
      return { done, seconds: done === count ? (performance.now() - started) / 1000 : undefined };
    };
    const alive = (): boolean =>
      bff !== undefined && bff.child.proc.exitCode === null && bff.child.proc.signalCode === null;
    const first = await connectAll(o.subscribers, 120_000);
    let connected = first.done;
    let subscribeS = first.seconds;
    let crashed: string | undefined;
    let bffRssWatching = alive() ? readMemory(b.child.pid, 'VmRSS') : undefined;
    if (!alive()) {
      crashed = crashReason(join(o.dir, 'bff-list.log'));
      notes.push(
        `The BFF died while ${o.subscribers} subscribers were receiving the list (${crashed}; highest RSS seen ${fmtMB(observedPeak)}). ` +
          `Each new subscriber of the all-namespaces stream gets one RESYNC per namespace, and each RESYNC carries the union of every namespace synced so far: up to ${nss.length} × ${objects} objects per subscriber (the most one subscriber had received before the end: ${fmtMB(Math.max(0, ...subs.map((x) => x.bytes)))}).`,
      );
    } else if (connected < o.subscribers) {
      notes.push(
        `${o.subscribers - connected} of ${o.subscribers} subscribers had not received the full list within 120 s.`,
      );
    }
    if (connected < o.subscribers) {
      // Go on with what works: a fresh BFF and one subscriber, so the write latency and the page are measured.
      for (const x of subs.splice(0)) x.close();
      await bff?.child.stop();
      bff = await startBff({
        sandbox: o.sandbox,
        logDir: o.dir,
        name: 'list-1',
        namespaces: nss,
        ...(o.webDist ? { webDist: o.webDist } : {}),
      });
      const retry = await connectAll(1, 180_000);
      connected = retry.done;
      subscribeS = retry.seconds;
      bffRssWatching = alive() ? readMemory(bff.child.pid, 'VmRSS') : undefined;
      notes.push(
        `Write latency, memory while watching and the page below: a fresh BFF with ${connected} subscriber(s).`,
      );
    }
    await sleep(1000);
    const resyncsPerSubscriber = subs.map((x) => x.resyncs);
    // Warm again, now that the user's list-watches are live: the BFF answers from their cache.
    const warmWatched: number[] = [];
    if (alive() && connected > 0) {
      const cur = bff ?? b;
      for (let r = 0; r < o.warmReps; r++)
        warmWatched.push((await timed(() => getJson(listUrl, apiHeaders(cur.session)))).ms);
      const wire: ({ bytes: number; encoding: string } | undefined)[] = [];
      for (const enc of ['gzip, deflate, br, zstd', 'identity'])
        wire.push(await wireBytes(listUrl, apiHeaders(cur.session), enc).catch(() => undefined));
      notes.push(
        `The warm list on the wire: ${wire.map((x) => (x ? `${x.bytes.toLocaleString('en')} bytes ${x.encoding}` : 'not measured')).join(', ')} ` +
          '(a browser’s Accept-Encoding, then none); the bench client (Node’s fetch) asks for gzip.',
      );
      const w = summarize(warmWatched);
      notes.push(
        `Warm list while the subscribers' list-watches are live (answered from the watch cache): p50 ${w ? fmtMs(w.p50) : '—'}, ` +
          `p95 ${w ? fmtMs(w.p95) : '—'} (${warmWatched.length} lists); without a live watch (the table): from the apiserver.`,
      );
    }
    const maxResyncs = Math.max(0, ...resyncsPerSubscriber);
    notes.push(
      `RESYNCs per subscriber until it had the full list: ${maxResyncs === 1 && resyncsPerSubscriber.every((n) => n === 1) ? 'one each' : `up to ${maxResyncs}`}.`,
    );

    // Writes: a label change on a different object every 100 ms; each subscriber timestamps the event.
    o.log(`  ${o.writes} writes`);
    const written = await writeTicks(o.kube, nss, o.perNamespace, o.writes);
    const latencies = deliveryLatencies(subs, written);

    // The web list page with everything in it (a browser subscriber on top of the others).
    const cur = bff ?? b;
    const page = alive()
      ? await measureListPage({
          url: cur.url,
          cookie: cur.session.cookie,
          rows: objects, // at least the scale objects: the user's own namespace (shared with others' tests) adds a few
          dir: o.dir,
          log: o.log,
        })
      : ({ measured: false, reason: 'the BFF is not running' } as const);
    clearInterval(sampler);
    const bffPeak = Math.max(observedPeak, (alive() && bff ? readMemory(bff.child.pid, 'VmHWM') : 0) ?? 0) || undefined;
    result = {
      objects,
      namespaces: o.namespaces,
      controllerIgnores: false,
      setupS: setup.ms / 1000,
      bffColdMs: cold.ms,
      bffWarm: summarize(warm),
      bffWarmWatched: summarize(warmWatched),
      resyncsPerSubscriber,
      userDirect: summarize(userDirect),
      adminDirect: summarize(adminDirect),
      bffItems,
      subscribersConnected: connected,
      subscribersWanted: o.subscribers,
      ...(crashed ? { bffCrashed: crashed } : {}),
      subscribeS,
      writeLatency: summarize(latencies),
      deliveries: latencies.length,
      expectedDeliveries: o.writes * subs.length,
      bffRssIdle,
      bffRssWatching,
      bffPeak,
      page,
      leftovers,
      notes,
    };
  } finally {
    for (const s of subs) s.close();
    await bff?.child.stop();
    o.log('  removing the scale objects');
    leftovers = await removeAll(o, nss);
    if (leftovers > 0) o.log(`  ${leftovers} objects still terminating`);
  }
  result.leftovers = leftovers;
  return result;
}
