/**
 * Target rows of the phases that also render their own sections (ceiling, sse, fanout, load, metrics): each of
 * issue 20's targets (and issue 9's and 15's) beside its reference, met or missed with the why, from the run's
 * results only. Pure: no I/O, so `--render` rebuilds them from the saved JSON.
 */

import { CEILING_LABEL, type CeilingResults, type CeilingTargetId } from './ceiling';
import type { FanoutResults, FanoutRun, FanoutStep } from './fanout';
import type { LoadPhaseResults } from './load';
import type { MetricsPhaseResults } from './metrics-route';
import { fmtMB, fmtMs, fmtNum, fmtPct, type TargetCheck } from './report';
import type { SseSlowResults } from './sse-slow';
import type { Summary } from './stats';
import { ratio } from './stats';

const MB = 1024 * 1024;

/** apps/bff/src/http/sse.ts DEFAULT_SSE_MAX_BUFFER_BYTES: what the bounded variant runs with when it names none. */
export const SSE_DEFAULT_MAX_BUFFER_BYTES = 4 * MB;

const REPORTED = '(no target; reported)';

const µs = (ms: number | undefined): string => (ms === undefined ? '—' : `${Math.round(ms * 1000)} µs`);
const rps = (n: number | undefined): string => (n === undefined ? '—' : String(Math.round(n)));

function ceilingRow(r: CeilingResults, id: CeilingTargetId, c: number) {
  return r.rows.find((x) => x.target === id && x.connections === c);
}

/** One BFF process against the bare undici pass-through at c=16 and c=64, and N processes against nginx's N workers. */
export function ceilingTargets(r: CeilingResults, quick: boolean): TargetCheck[] {
  const quickNote = quick
    ? ' Quick run: 1 s per path after one warm-up run, a smoke whose figures are not for comparison.'
    : '';
  const checks: TargetCheck[] = [];
  for (const c of [16, 64]) {
    const bff = ceilingRow(r, 'servedeck-1', c);
    const bare = ceilingRow(r, 'undici-1', c);
    const name = `One BFF process vs a bare undici pass-through, instant upstream, c=${c} (req/s)`;
    const target = '≥ 90% of the pass-through';
    const share = ratio(bff?.result?.rps, bare?.result?.rps);
    if (share === undefined || !bff?.result?.requests || !bare?.result?.requests) {
      const missing = [bff, bare].flatMap((x, i) =>
        x?.result?.requests ? [] : [`${i === 0 ? 'the BFF' : 'the pass-through'}: ${x?.error ?? 'no run'}`],
      );
      checks.push({ name, target, measured: undefined, met: undefined, why: missing.join('; ') });
      continue;
    }
    const cpuB = bff.cpuMsPerRequest;
    const cpuU = bare.cpuMsPerRequest;
    const met = share >= 0.9;
    const cpuWhy =
      cpuB !== undefined && cpuU !== undefined
        ? cpuB > cpuU
          ? `The BFF spends ${µs(cpuB)} of CPU per request against the pass-through's ${µs(cpuU)} (+${µs(cpuB - cpuU)}): the session, CSRF and Origin checks, the user's InferenceService from its cache, the Express router the lean path still sits behind and the headers it adds, each on the one core the process has.`
          : `The BFF spends no more CPU per request than the pass-through (${µs(cpuB)} against ${µs(cpuU)}), so the gap is in waiting, not work: the machine's load while the two ran seconds apart.`
        : 'CPU per request was not read.';
    checks.push({
      name,
      target,
      measured: `${fmtPct(share)} (${rps(bff.result.rps)} vs ${rps(bare.result.rps)} req/s; CPU per request ${µs(cpuB)} vs ${µs(cpuU)})`,
      met,
      ...(met ? (quick ? { why: quickNote.trim() } : {}) : { why: `${cpuWhy}${quickNote}` }),
    });
  }
  const perC = [16, 64].flatMap((c) => {
    const share = (a: CeilingTargetId, b: CeilingTargetId) =>
      fmtPct(ratio(ceilingRow(r, a, c)?.result?.rps, ceilingRow(r, b, c)?.result?.rps));
    const one = ceilingRow(r, 'servedeck-redis-1', c)?.result?.rps;
    const two = ceilingRow(r, 'servedeck-redis-2', c)?.result?.rps;
    if (one === undefined && two === undefined) return [];
    return [
      `c=${c}: ServeDeck (sessions in Redis) 1 process ${share('servedeck-redis-1', 'nginx-1')} of nginx with 1 worker, 2 processes ${share('servedeck-redis-2', 'nginx-2')} of nginx with 2 (${rps(one)} → ${rps(two)} req/s); the pass-through ${share('undici-1', 'nginx-1')} and ${share('undici-2', 'nginx-2')}`,
    ];
  });
  const broken = r.rows.filter((x) => x.error).map((x) => `${CEILING_LABEL[x.target]} c=${x.connections}: ${x.error}`);
  checks.push({
    name: 'N BFF processes vs nginx with N workers (N = 1, 2), instant upstream',
    target: REPORTED,
    measured: perC.length ? perC.join('; ') : undefined,
    met: perC.length ? 'reported' : undefined,
    ...(broken.length ? { why: broken.join('; ') } : quick ? { why: quickNote.trim() } : {}),
  });
  return checks;
}

/** 50 clients reading at 64 kB/s: the default bound on what waits behind a slow client, against none. */
export function sseTargets(r: SseSlowResults): TargetCheck[] {
  const bounded = r.variants.find((v) => v.maxBufferBytes !== 0);
  const unbounded = r.variants.find((v) => v.maxBufferBytes === 0);
  const bound = bounded?.maxBufferBytes ?? SSE_DEFAULT_MAX_BUFFER_BYTES;
  const limit = r.clients * bound;
  const name = `BFF memory, ${r.clients} stream clients reading at ${Math.round(r.bytesPerS / 1024)} kB/s, buffering bounded vs unbounded`;
  const target = `bounded: RSS growth ≤ clients × bound (${r.clients} × ${fmtMB(bound)} = ${fmtMB(limit)})`;
  const growth = (v: typeof bounded) =>
    v?.rssPeak !== undefined && v.rssBefore !== undefined ? v.rssPeak - v.rssBefore : undefined;
  const grewB = growth(bounded);
  const grewU = growth(unbounded);
  if (!bounded || grewB === undefined)
    return [{ name, target, measured: undefined, met: undefined, why: 'the bounded BFF’s memory was not read' }];
  const describe = (v: NonNullable<typeof bounded>, grew: number) =>
    `+${fmtMB(grew)} (${fmtMB(v.rssBefore)} → peak ${fmtMB(v.rssPeak)}; ${v.drops} clients dropped, ${v.resyncs} RESYNCs)`;
  const met = grewB <= limit;
  const whyParts = [
    ...(met
      ? []
      : [
          'RSS counts more than the writes queued behind slow clients: each reconnect’s RESYNC is made anew, and memory the garbage collector has freed is not always given back to the system at once.',
        ]),
    ...(unbounded && grewU !== undefined && grewU <= grewB
      ? ['The unbounded reference grew no more than the bounded BFF: in this run the clients kept up with the events.']
      : []),
  ];
  return [
    {
      name,
      target,
      measured: `${describe(bounded, grewB)}; unbounded ${unbounded && grewU !== undefined ? describe(unbounded, grewU) : 'not measured'}`,
      met,
      ...(whyParts.length ? { why: whyParts.join(' ') } : {}),
    },
  ];
}

const lastStep = (run: FanoutRun): FanoutStep | undefined => run.steps.at(-1);
const completeText = (s: FanoutStep | undefined): string | undefined =>
  s?.complete
    ? `p50 ${fmtMs(s.complete.p50)}, max ${fmtMs(s.complete.max)} (${s.completed} of ${s.joined} new users)`
    : s
      ? `${s.completed} of ${s.joined} new users had the whole list`
      : undefined;
const p95Text = (w: Summary | undefined, run: FanoutRun): string | undefined =>
  w ? `${fmtMs(w.p95)} (p50 ${fmtMs(w.p50)}; ${run.deliveries} of ${run.expectedDeliveries} deliveries)` : undefined;

/** 20,000 InferenceServices in 200 namespaces, 20 users: reported, the per-user-watches reference beside. */
export function fanoutTargets(r: FanoutResults): TargetCheck[] {
  const last = lastStep(r);
  const users = last?.users;
  const ref = r.reference;
  const refStep = ref ? (ref.steps.find((s) => s.users === users) ?? lastStep(ref)) : undefined;
  const shape = `${fmtNum(r.objects)} InferenceServices, ${r.namespaces} namespaces, ${users ?? '?'} users, shared watches`;
  const beside = (text: string | undefined): string =>
    !ref
      ? '; one watch per user and namespace: not run'
      : `; one watch per user and namespace${refStep ? ` at ${refStep.users} users` : ''}: ${text ?? '—'}${ref.brokeAt ? ` (broke: ${ref.brokeAt})` : ''}`;
  const why = r.brokeAt ? { why: `The shared watches broke: ${r.brokeAt}.` } : {};
  const row = (name: string, shown: string | undefined, refText: string | undefined): TargetCheck => {
    const measured = last ? shown : undefined; // no step: nothing of this run to show
    return {
      name: `Fanout (${shape}): ${name}`,
      target: REPORTED,
      measured: measured === undefined ? undefined : `${measured}${beside(refText)}`,
      met: measured === undefined ? undefined : 'reported',
      ...(measured === undefined ? { why: r.brokeAt ?? 'no step was measured' } : why),
    };
  };
  return [
    row(
      'BFF RSS',
      last?.bffRss === undefined ? undefined : `${fmtMB(last.bffRss)} (peak ${fmtMB(r.bffPeak)})`,
      refStep?.bffRss === undefined ? undefined : `${fmtMB(refStep.bffRss)} (peak ${fmtMB(ref?.bffPeak)})`,
    ),
    row("time until each new user's list is complete (last step)", completeText(last), completeText(refStep)),
    row('write → every client p95', p95Text(r.writeLatency, r), ref ? p95Text(ref.writeLatency, ref) : undefined),
  ];
}

/** Issue 9: 200 stream clients and 50 inference requests/s with zero errors; the BFF memory beside (no bound is set). */
export function loadTargets(l: LoadPhaseResults): TargetCheck[] {
  const r = l.results;
  const s = r.streams;
  const met = r.errorCount === 0 && s.resynced >= s.wanted;
  const why = [
    ...(r.errors.length ? [`errors: ${r.errors.map((e) => `${e.what} ×${e.count}`).join('; ')}`] : []),
    ...(s.resynced < s.wanted ? [`${s.wanted - s.resynced} of ${s.wanted} streams got no RESYNC`] : []),
  ];
  return [
    {
      name: `Load: ${s.wanted} streams and ${r.inference.sent && r.durationS ? Math.round(r.inference.sent / r.durationS) : '?'} inference requests/s for ${r.durationS} s`,
      target: '0 errors, every stream served (BFF memory reported)',
      measured:
        `${r.errorCount} errors; ${s.resynced} of ${s.wanted} streams got their RESYNC; inference ${r.inference.ok} of ${r.inference.sent} right, p99 ${r.inference.p99Ms ?? '—'} ms` +
        (r.rss ? `; BFF RSS ${fmtMB(r.rss.before)} → peak ${fmtMB(r.rss.peak)} → ${fmtMB(r.rss.after)} after` : ''),
      met,
      ...(why.length ? { why: why.join('; ') } : {}),
    },
  ];
}

const p50p95 = (s: Summary | undefined): string | undefined =>
  s ? `p50 ${fmtMs(s.p50)} / p95 ${fmtMs(s.p95)}` : undefined;

/** Issue 15: the metrics routes side by side with the same PromQL sent straight to Prometheus (no latency target). */
export function metricsTargets(m: MetricsPhaseResults): TargetCheck[] {
  const failed = (what: string) => m.errors.find((e) => e.startsWith(what)) ?? m.errors[0] ?? 'no samples';
  const isvc = m.isvc;
  const ns = m.namespace;
  const one = p50p95(isvc?.route);
  const many = p50p95(ns?.routeUncached);
  return [
    {
      name: `Metrics route, one InferenceService${isvc ? ` (${isvc.queries} queries)` : ''}`,
      target: '(no target; beside the same PromQL straight to Prometheus)',
      measured: one && isvc ? `${one}; direct ${p50p95(isvc.direct) ?? '—'}` : undefined,
      met: one ? 'reported' : undefined,
      ...(one ? {} : { why: failed('isvc') }),
    },
    {
      name: `Namespace metrics route${ns ? `, ${fmtNum(ns.isvcs)} InferenceServices` : ''}`,
      target: '(no target; beside the same PromQL straight to Prometheus)',
      measured:
        many && ns
          ? `${many} (from its 5 s cache ${p50p95(ns.routeCached) ?? '—'}); direct ${p50p95(ns.direct) ?? '—'}`
          : undefined,
      met: many ? 'reported' : undefined,
      ...(many ? {} : { why: failed('namespace') }),
    },
  ];
}
