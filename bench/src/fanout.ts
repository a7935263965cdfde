/**
 * `npm run bench -- --only=fanout` (issue 20 item 3): many users, each watching many namespaces. N InferenceServices
 * (stopped: no model servers; KServe's controller still reconciles them) across M namespaces, U users allowed in every
 * one of them (one RoleBinding per namespace naming all U), each opening the all-namespaces list stream through one
 * BFF, as a list page does. Two BFFs one after the other: with watches shared between the users the apiserver
 * confirms (the default: one upstream list-watch per namespace, each user's access asked by SelfSubjectAccessReview),
 * then the reference, SERVEDECK_SHARED_WATCHES=false (one list-watch per user and namespace, U × M, and one copy
 * of every object per user), on fewer steps (it breaks at 20 users).
 *
 * The BFF runs in trusted-header mode (the bench is its trusted proxy and names the user in `kubeflow-userid`): the
 * sandbox's Dex has three users, and the apiserver still authorises each user's every call (the BFF impersonates
 * them). Users join in steps; per step: the time until each new user's stream holds every object, the BFF's RSS and
 * upstream watches (its own gauge), then write → every client latency. A step whose users do not all get the whole
 * list within its budget, or a BFF that dies, is where it breaks: the phase stops there and says so.
 */

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { startBffProcess } from './bff';
import { type ListPageResult, measureListPage } from './browser';
import { inBatches, isvcPath, isvcsPath, OWNER_ROLE } from './kube';
import { currentLoad, readMemory } from './machine';
import { sleep } from './procs';
import { fmtMB, fmtMs, fmtPct, markdownTable } from './report';
import { repoRoot, type SandboxEnv } from './sandbox';
import { scaleObject } from './scale-objects';
import { type Subscriber, subscribe } from './sse-client';
import { type Summary, summarize } from './stats';
import { deliveryLatencies, writeTicks } from './write-latency';

export const FANOUT_NS_PREFIX = 'servedeck-bench-fan-';
const PART_OF = { 'app.kubernetes.io/part-of': 'servedeck-bench' };

export type FanoutOptions = {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  namespaces: number;
  perNamespace: number;
  /** Users online after each step (cumulative), e.g. [1, 5, 10, 20]. */
  userSteps: number[];
  /** Steps of the reference run without shared watches (none: not run). */
  referenceSteps: number[];
  /** How long a step's new users may take to get the whole list. */
  stepBudgetMs: number;
  writes: number;
  /** The web build the BFF serves: the list page is then measured in Chromium as the first user (shared run). */
  webDist?: string | undefined;
  /** Write a CPU profile of the page's load here (BENCH_FANOUT_PAGE_PROFILE). */
  pageProfile?: string | undefined;
  log: (s: string) => void;
};

export type FanoutStep = {
  users: number;
  /** Time from a new user's connect until its stream held every object, per new user. */
  complete: Summary | undefined;
  completed: number;
  joined: number;
  bffRss: number | undefined;
  upstreamWatches: number | undefined;
  /** Of those, shared between users. */
  sharedWatches: number | undefined;
  /** SelfSubjectAccessReviews the BFF had asked so far. */
  accessReviews: number | undefined;
  bytesPerUser: number | undefined;
  load: number[];
};

/** One BFF's run through the user steps. */
export type FanoutRun = {
  shared: boolean;
  steps: FanoutStep[];
  writeLatency: Summary | undefined;
  deliveries: number;
  expectedDeliveries: number;
  bffPeak: number | undefined;
  brokeAt: string | undefined;
  bffHow: string;
  /** The list page (all namespaces) in Chromium as the first user, with every user's stream still open. */
  page?: ListPageResult | undefined;
};

/** The shared-watch run's figures, and the reference run's. */
export type FanoutResults = FanoutRun & {
  objects: number;
  namespaces: number;
  setupS: number;
  reference: FanoutRun | undefined;
  notes: string[];
};

export const fanoutUser = (u: number): string => `fan-user-${String(u).padStart(2, '0')}@example.com`;
export const fanoutNamespaces = (m: number): string[] =>
  Array.from({ length: m }, (_, i) => `${FANOUT_NS_PREFIX}${String(i).padStart(3, '0')}`);

export async function populateFanout(
  o: Pick<FanoutOptions, 'kube' | 'perNamespace' | 'log'>,
  nss: string[],
  users: string[],
): Promise<void> {
  await inBatches(nss, 8, async (ns) => {
    await o.kube.ensure('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: PART_OF },
    });
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'servedeck-bench-fanout', namespace: ns, labels: PART_OF },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OWNER_ROLE },
      subjects: users.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name })),
    };
    // PUT: an earlier run may have bound fewer users
    const path = `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/servedeck-bench-fanout`;
    const r = await o.kube.call('PUT', path, binding);
    if (r.status === 404)
      await o.kube.must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, binding);
    else if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${r.text.slice(0, 200)}`);
  });
  const work = nss.flatMap((ns, n) =>
    Array.from({ length: o.perNamespace }, (_, k) => ({ ns, i: n * o.perNamespace + k })),
  );
  let done = 0;
  await inBatches(work, 16, async ({ ns, i }) => {
    await o.kube.ensure(isvcsPath(ns), scaleObject(ns, i, false));
    done++;
    if (done % 2000 === 0) o.log(`  ${done} of ${work.length} written`);
  });
}

/** Delete the namespaces (their objects go with them; KServe's finalizers are taken off so nothing waits). */
export async function removeFanout(kube: KubeRest, m: number, perNamespace: number, log: (s: string) => void) {
  const nss = fanoutNamespaces(m);
  await inBatches(nss, 8, async (ns) => {
    await kube.call('DELETE', isvcsPath(ns)).catch(() => undefined);
  });
  await sleep(2000);
  await inBatches(nss, 8, async (ns) => {
    const left = await kube.call('GET', isvcsPath(ns)).catch(() => undefined);
    const items = (left?.body as { items?: { metadata?: { name?: string } }[] } | undefined)?.items ?? [];
    for (const it of items) {
      const name = it.metadata?.name;
      if (name)
        await kube.call(
          'PATCH',
          isvcPath(ns, name),
          { metadata: { finalizers: null } },
          'application/merge-patch+json',
        );
    }
    await kube.call('DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
  });
  log(`fanout: removed ${nss.length} namespaces (${nss.length * perNamespace} InferenceServices)`);
}

type Gauges = { upstream?: number | undefined; shared?: number | undefined; reviews?: number | undefined };

/** The BFF's own gauges: upstream and shared watches, and access reviews asked (every verdict). */
export function readGauges(text: string): Gauges {
  const one = (name: string) => {
    const m = new RegExp(`^${name} (\\d+)`, 'm').exec(text);
    return m?.[1] ? Number(m[1]) : undefined;
  };
  const reviews = [...text.matchAll(/^servedeck_bff_access_reviews_total\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
  return {
    upstream: one('servedeck_bff_upstream_watches'),
    shared: one('servedeck_bff_shared_watches'),
    reviews: reviews.length > 0 ? reviews.reduce((a, b) => a + b, 0) : undefined,
  };
}

async function gauges(metricsUrl: string): Promise<Gauges> {
  try {
    return readGauges(await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text());
  } catch {
    return {};
  }
}

export async function runFanout(o: FanoutOptions): Promise<FanoutResults> {
  const nss = fanoutNamespaces(o.namespaces);
  const maxUsers = Math.max(...o.userSteps, ...o.referenceSteps);
  const users = Array.from({ length: maxUsers }, (_, u) => fanoutUser(u));
  const objects = o.namespaces * o.perNamespace;
  o.log(`fanout: ${objects} InferenceServices across ${o.namespaces} namespaces, ${maxUsers} users in every one`);
  const t0 = performance.now();
  await populateFanout(o, nss, users);
  const setupS = (performance.now() - t0) / 1000;
  o.log(`  written in ${setupS.toFixed(1)} s`);
  o.log('  shared watches (the default)');
  const run = await runUsers(o, nss, users, objects, true, o.userSteps);
  let reference: FanoutRun | undefined;
  if (o.referenceSteps.length > 0) {
    o.log('  reference: SERVEDECK_SHARED_WATCHES=false');
    reference = await runUsers(o, nss, users, objects, false, o.referenceSteps);
  }
  const notes = [
    `Trusted-header mode: the bench is the BFF's trusted proxy (SERVEDECK_TRUSTED_PROXIES=127.0.0.1/32) and names ` +
      `each user in kubeflow-userid; the BFF calls the apiserver with its kubeconfig's identity impersonating the ` +
      `user (Impersonate-User), so each user's RBAC applies to every list, watch and access review.`,
    `Shared watches: a user joins a namespace's shared list-watch once a SelfSubjectAccessReview as that user allows ` +
      `watching there (one without a namespace first; these users are bound per namespace, so it is one per namespace), ` +
      `asked again every 10 s while the stream lasts (kept 20 s); "access reviews" counts them since the BFF started.`,
  ];
  return { ...run, objects, namespaces: o.namespaces, setupS, reference, notes };
}

async function runUsers(
  o: FanoutOptions,
  nss: string[],
  users: string[],
  objects: number,
  shared: boolean,
  userSteps: number[],
): Promise<FanoutRun> {
  const metricsPort = 19_000 + Math.floor(Math.random() * 1000);
  const bff = await startBffProcess({
    sandbox: o.sandbox,
    logDir: o.dir,
    name: shared ? 'fanout' : 'fanout-per-user',
    namespaces: nss,
    env: {
      SERVEDECK_AUTH_MODE: 'trusted-header',
      SERVEDECK_TRUSTED_PROXIES: '127.0.0.1/32',
      SERVEDECK_PASSWORD_LOGIN: 'false',
      SERVEDECK_METRICS_PORT: String(metricsPort),
      SERVEDECK_METRICS_HOST: '127.0.0.1',
      SERVEDECK_LOG_LEVEL: 'info',
      SERVEDECK_SHARED_WATCHES: String(shared),
    },
    ...(o.webDist ? { webDist: o.webDist } : {}),
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const alive = () => bff.child.proc.exitCode === null && bff.child.proc.signalCode === null;
  let peak = 0;
  const sampler = setInterval(() => {
    const rss = alive() ? readMemory(bff.child.pid, 'VmRSS') : undefined;
    if (rss !== undefined && rss > peak) peak = rss;
  }, 250);
  type Client = { user: string; sub: Subscriber; joined: number; completeAt?: number };
  const subs: Client[] = [];
  const steps: FanoutStep[] = [];
  let brokeAt: string | undefined;
  const url = `${bff.url}/api/namespaces/_all/watch/inferenceservices`;
  try {
    for (const target of userSteps) {
      const fresh = users.slice(subs.length, target).map(
        (user): Client => ({
          user,
          sub: subscribe(url, { 'kubeflow-userid': user }),
          joined: performance.now(),
        }),
      );
      subs.push(...fresh);
      o.log(`  ${target} users online (${fresh.length} joining)`);
      const deadline = Date.now() + o.stepBudgetMs;
      const pending = () => fresh.filter((f) => f.completeAt === undefined && !f.sub.error);
      while (Date.now() < deadline && alive() && pending().length > 0) {
        for (const f of pending()) if (f.sub.resyncItems >= objects) f.completeAt = performance.now();
        await sleep(100);
      }
      for (const f of pending()) if (f.sub.resyncItems >= objects) f.completeAt = performance.now();
      const times = fresh.flatMap((f) => (f.completeAt === undefined ? [] : [f.completeAt - f.joined]));
      steps.push({
        users: target,
        complete: summarize(times),
        completed: times.length,
        joined: fresh.length,
        bffRss: alive() ? readMemory(bff.child.pid, 'VmRSS') : undefined,
        ...(await (async () => {
          const g = alive() ? await gauges(metricsUrl) : {};
          return { upstreamWatches: g.upstream, sharedWatches: g.shared, accessReviews: g.reviews };
        })()),
        bytesPerUser: fresh.length > 0 ? fresh.reduce((a, f) => a + f.sub.bytes, 0) / fresh.length : undefined,
        load: currentLoad(),
      });
      if (!alive()) {
        brokeAt = `${target} users: the BFF exited (${bff.child.proc.exitCode ?? bff.child.proc.signalCode})`;
        break;
      }
      if (times.length < fresh.length) {
        const errors = [...new Set(fresh.flatMap((f) => (f.sub.error ? [f.sub.error] : [])))];
        const ended = subs.filter((f) => f.sub.ended).length;
        brokeAt =
          `${target} users: ${fresh.length - times.length} of ${fresh.length} new users had not got the whole list ` +
          `within ${o.stepBudgetMs / 1000} s${errors.length ? ` (${errors.join('; ')})` : ''}; ` +
          `${ended} of ${subs.length} streams were closed by the BFF (a client that falls too far behind is dropped; its log says so)`;
        break;
      }
    }

    // Writes: a label change on a different object every 100 ms; every client timestamps its event.
    let written = new Map<string, number>();
    if (alive() && subs.length > 0) {
      o.log(`  ${o.writes} writes, ${subs.length} clients`);
      written = await writeTicks(o.kube, nss, o.perNamespace, o.writes);
    }
    const latencies = deliveryLatencies(
      subs.map((c) => c.sub),
      written,
    );
    // The list page as the first user, while every user's stream (and so the shared watches) is up.
    let page: ListPageResult | undefined;
    if (shared && o.webDist) {
      o.log(`  the list page in Chromium (${objects} rows)`);
      page = alive()
        ? await measureFanoutPage(bff.url, users[0] ?? fanoutUser(0), objects, o)
        : { measured: false, reason: 'the BFF is not running' };
    }
    return {
      shared,
      steps,
      writeLatency: summarize(latencies),
      deliveries: latencies.length,
      expectedDeliveries: written.size * subs.length,
      bffPeak: peak || undefined,
      brokeAt,
      bffHow: bff.how,
      ...(page ? { page } : {}),
    };
  } finally {
    clearInterval(sampler);
    for (const { sub } of subs) sub.close();
    await bff.child.stop();
    // where it broke, the BFF's log says why (the phase's folder is removed after a run without failures)
    if (brokeAt) {
      mkdirSync(join(repoRoot, 'bench', '.out'), { recursive: true });
      const name = shared ? 'fanout' : 'fanout-per-user';
      copyFileSync(join(o.dir, `bff-${name}.log`), join(repoRoot, 'bench', '.out', `${name}-bff.log`));
      o.log(`  the BFF log is kept in bench/.out/${name}-bff.log`);
    }
  }
}

/** The all-namespaces list page as one fanout user (trusted-header mode: the browser names the user). */
export function measureFanoutPage(
  url: string,
  user: string,
  rows: number,
  o: Pick<FanoutOptions, 'dir' | 'log' | 'pageProfile'>,
): Promise<ListPageResult> {
  const profileFile = o.pageProfile ?? process.env.BENCH_FANOUT_PAGE_PROFILE;
  return measureListPage({
    url,
    headers: { 'kubeflow-userid': user },
    rows,
    dir: o.dir,
    log: o.log,
    ...(profileFile ? { profileFile } : {}),
  });
}

/** One line on the list page's figures (the same method as the list phase's 5,000-row page). */
export function renderFanoutPage(page: ListPageResult | undefined): string {
  if (!page) return 'List page: not measured (no web build given).';
  if (!page.measured) return `List page: not measured (${page.reason}).`;
  const resync = page.firstResync
    ? `first RESYNC ${fmtMB(page.firstResync.chars)} at ${fmtMs(page.firstResync.atMs)}`
    : 'no RESYNC seen';
  const list = page.listBytes
    ? `list answer ${fmtMB(page.listBytes.decoded)} (${fmtMB(page.listBytes.wire)} on the wire)`
    : 'no list answer seen';
  return (
    `List page in Chromium (all namespaces, as the first user, the other users' streams open; the list phase's method): ` +
    `first row ${fmtMs(page.firstRowMs)}, all ${page.rows} rows listed and the main thread idle ${fmtMs(page.interactiveMs)} ` +
    `after navigation start; scrolling ${page.frames} frames: p50 ${fmtMs(page.frameP50Ms)}, p95 ${fmtMs(page.frameP95Ms)}, ` +
    `max ${fmtMs(page.frameMaxMs)}, ${fmtPct(page.slowFrames)} over 25 ms; JS heap ${fmtMB(page.heapUsedBytes)} ` +
    `(${fmtMB(page.heapAfterGcBytes)} after GC); ${resync}, ${page.resyncs ?? 0} RESYNC(s) and ${page.changes ?? 0} other ` +
    `events until the scroll ended; ${list}.`
  );
}

const loadf = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

function runTable(r: FanoutRun): string {
  const rows = r.steps.map((s) => [
    String(s.users),
    `${s.completed} of ${s.joined}`,
    s.complete ? `${fmtMs(s.complete.p50)} / ${fmtMs(s.complete.max)}` : '—',
    fmtMB(s.bffRss),
    s.upstreamWatches === undefined
      ? '—'
      : `${s.upstreamWatches}${s.sharedWatches ? ` (${s.sharedWatches} shared)` : ''}`,
    s.accessReviews === undefined ? '—' : String(s.accessReviews),
    fmtMB(s.bytesPerUser),
    loadf(s.load),
  ]);
  return [
    markdownTable(
      [
        'users online',
        'new users with the whole list',
        'time to the whole list p50 / max',
        'BFF RSS',
        'upstream watches',
        'access reviews',
        'stream bytes per new user',
        'load 1/5/15',
      ],
      rows,
    ),
    '',
    `- Write → every client: p50 ${fmtMs(r.writeLatency?.p50)}, p95 ${fmtMs(r.writeLatency?.p95)}, max ${fmtMs(r.writeLatency?.max)} (${r.deliveries} of ${r.expectedDeliveries} deliveries). BFF peak RSS ${fmtMB(r.bffPeak)}.`,
    `- ${r.brokeAt ? `Where it breaks: ${r.brokeAt}.` : 'Every step completed.'}`,
    ...(r.shared ? [`- ${renderFanoutPage(r.page)}`] : []),
  ].join('\n');
}

export function renderFanout(r: FanoutResults): string {
  return [
    `## Many users watching many namespaces (issue 20 item 3): ${r.objects} InferenceServices in ${r.namespaces} namespaces`,
    '',
    `Every user may read every namespace and opens the all-namespaces list stream (what the list page does). Objects written in ${r.setupS.toFixed(0)} s (stopped; KServe's controller reconciles them). BFF: ${r.bffHow}.`,
    '',
    `**Shared watches** (the default: users the apiserver confirms share one list-watch per namespace):`,
    '',
    runTable(r),
    ...(r.reference
      ? ['', '**Reference: every user watches alone** (`SERVEDECK_SHARED_WATCHES=false`):', '', runTable(r.reference)]
      : []),
    '',
    ...r.notes.map((n) => `- ${n}`),
  ].join('\n');
}
