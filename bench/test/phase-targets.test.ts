import { describe, expect, it } from 'vitest';
import type { CeilingResults, CeilingRow, CeilingTargetId } from '../src/ceiling';
import type { FanoutResults, FanoutRun } from '../src/fanout';
import type { LoadPhaseResults } from '../src/load';
import type { MetricsPhaseResults } from '../src/metrics-route';
import { ceilingTargets, fanoutTargets, loadTargets, metricsTargets, sseTargets } from '../src/phase-targets';
import type { SlowVariant, SseSlowResults } from '../src/sse-slow';
import type { Summary } from '../src/stats';

const MB = 1024 * 1024;
const summary = (p50: number, p95: number): Summary => ({
  count: 10,
  min: 1,
  p50,
  p95,
  p99: p95,
  max: p95 + 1,
  mean: p50,
});
const result = (rps: number) => ({ rps, requests: rps * 5, p50Ms: 2, p99Ms: 9, errors: 0 });

function ceiling(rates: Partial<Record<CeilingTargetId, number>>, cpu: Partial<Record<CeilingTargetId, number>> = {}) {
  const rows: CeilingRow[] = [16, 64].flatMap((c) =>
    Object.entries(rates).map(([target, rps]) => ({
      target: target as CeilingTargetId,
      connections: c,
      result: result(rps),
      ...(cpu[target as CeilingTargetId] === undefined ? {} : { cpuMsPerRequest: cpu[target as CeilingTargetId] }),
    })),
  );
  return { rows, warmUps: {}, durationS: 5, load: { start: [1, 1, 1], end: [1, 1, 1] }, notes: [] } as CeilingResults;
}

describe('ceiling targets', () => {
  it('one BFF process at ≥ 90% of the pass-through is met, at c=16 and at c=64', () => {
    const t = ceilingTargets(
      ceiling({ 'servedeck-1': 4600, 'undici-1': 5000 }, { 'servedeck-1': 0.16, 'undici-1': 0.15 }),
      false,
    );
    expect(t.map((x) => x.name)).toEqual([
      'One BFF process vs a bare undici pass-through, instant upstream, c=16 (req/s)',
      'One BFF process vs a bare undici pass-through, instant upstream, c=64 (req/s)',
      'N BFF processes vs nginx with N workers (N = 1, 2), instant upstream',
    ]);
    expect(t[0]).toMatchObject({ target: '≥ 90% of the pass-through', met: true });
    expect(t[0]?.measured).toBe('92% (4600 vs 5000 req/s; CPU per request 160 µs vs 150 µs)');
    expect(t[0]?.why).toBeUndefined();
  });

  it('below 90% is missed, and the why names the CPU per request of each', () => {
    const t = ceilingTargets(
      ceiling({ 'servedeck-1': 3000, 'undici-1': 6000 }, { 'servedeck-1': 0.2, 'undici-1': 0.08 }),
      false,
    );
    expect(t[1]?.met).toBe(false);
    expect(t[1]?.measured).toContain('50% (3000 vs 6000 req/s');
    expect(t[1]?.why).toContain("The BFF spends 200 µs of CPU per request against the pass-through's 80 µs (+120 µs)");
  });

  it('a path that did not answer leaves the target not measured, with its error', () => {
    const r = ceiling({ 'undici-1': 6000 });
    r.rows.push({ target: 'servedeck-1', connections: 16, error: 'wrk: connection refused' });
    const t = ceilingTargets(r, false);
    expect(t[0]).toMatchObject({ measured: undefined, met: undefined, why: 'the BFF: wrk: connection refused' });
    expect(t[2]?.met).toBeUndefined();
  });

  it('reports N processes against nginx with N workers, and says when the run was a quick one', () => {
    const t = ceilingTargets(
      ceiling({
        'nginx-1': 20000,
        'nginx-2': 30000,
        'undici-1': 5000,
        'undici-2': 9000,
        'servedeck-redis-1': 2000,
        'servedeck-redis-2': 3000,
      }),
      true,
    );
    expect(t[2]?.met).toBe('reported');
    expect(t[2]?.measured).toContain(
      'c=16: ServeDeck (sessions in Redis) 1 process 10% of nginx with 1 worker, 2 processes 10% of nginx with 2 (2000 → 3000 req/s); the pass-through 25% and 30%',
    );
    expect(t[2]?.why).toContain('Quick run');
  });
});

function variant(name: string, maxBufferBytes: number | undefined, before: number, peak: number): SlowVariant {
  return {
    name,
    maxBufferBytes,
    rssBefore: before * MB,
    rssPeak: peak * MB,
    rssEnd: before * MB,
    drops: 12,
    resyncs: 70,
    connections: 62,
    bytesRead: 10 * MB,
    clientsServed: 50,
    patches: 1200,
    durationS: 60,
  };
}
const sse = (variants: SlowVariant[]): SseSlowResults => ({
  clients: 50,
  bytesPerS: 64 * 1024,
  objects: 200,
  objectBytes: 10_000,
  patchesPerS: 20,
  variants,
  load: { start: [1, 1, 1], end: [1, 1, 1] },
  how: 'node',
});

describe('slow SSE clients target', () => {
  it('met when the bounded BFF grows by less than clients × bound, the unbounded reference beside', () => {
    const [t] = sseTargets(sse([variant('bounded', undefined, 150, 250), variant('unbounded', 0, 150, 900)]));
    expect(t?.name).toBe('BFF memory, 50 stream clients reading at 64 kB/s, buffering bounded vs unbounded');
    expect(t?.target).toBe('bounded: RSS growth ≤ clients × bound (50 × 4.00 MB = 200 MB)');
    expect(t?.met).toBe(true);
    expect(t?.measured).toBe(
      '+100 MB (150 MB → peak 250 MB; 12 clients dropped, 70 RESYNCs); unbounded +750 MB (150 MB → peak 900 MB; 12 clients dropped, 70 RESYNCs)',
    );
    expect(t?.why).toBeUndefined();
  });

  it('missed when it grows past the bound, with the why; says when the reference did not grow more', () => {
    const [t] = sseTargets(sse([variant('bounded', 1 * MB, 150, 260), variant('unbounded', 0, 150, 200)]));
    expect(t?.met).toBe(false);
    expect(t?.why).toContain('RSS counts more than the writes queued');
    expect(t?.why).toContain('The unbounded reference grew no more than the bounded BFF');
  });

  it('not measured when the bounded BFF’s memory was not read', () => {
    const [t] = sseTargets(sse([{ ...variant('bounded', undefined, 150, 250), rssPeak: undefined }]));
    expect(t).toMatchObject({ measured: undefined, met: undefined });
  });
});

const step = (users: number, rss: number, p50?: number) => ({
  users,
  complete: p50 === undefined ? undefined : summary(p50, p50 * 2),
  completed: p50 === undefined ? 0 : users,
  joined: users,
  bffRss: rss * MB,
  upstreamWatches: 200,
  sharedWatches: 200,
  accessReviews: 4000,
  bytesPerUser: 40 * MB,
  load: [1, 1, 1],
});
const run = (shared: boolean, steps: ReturnType<typeof step>[], brokeAt?: string): FanoutRun => ({
  shared,
  steps,
  writeLatency: summary(30, 80),
  deliveries: 1000,
  expectedDeliveries: 1000,
  bffPeak: 600 * MB,
  brokeAt,
  bffHow: 'node',
});
const fanout = (reference: FanoutRun | undefined, steps = [step(1, 200, 900), step(20, 450, 3100)]): FanoutResults => ({
  ...run(true, steps),
  objects: 20_000,
  namespaces: 200,
  setupS: 300,
  reference,
  notes: [],
});

describe('fanout rows', () => {
  it('reports RSS, time to the whole list and write → client p95, each beside the per-user-watches reference', () => {
    const t = fanoutTargets(fanout(run(false, [step(1, 300, 1000), step(10, 1231, 5000)], '20 users: out of memory')));
    expect(t.map((x) => x.met)).toEqual(['reported', 'reported', 'reported']);
    expect(t[0]?.name).toBe('Fanout (20000 InferenceServices, 200 namespaces, 20 users, shared watches): BFF RSS');
    expect(t[0]?.measured).toBe(
      '450 MB (peak 600 MB); one watch per user and namespace at 10 users: 1231 MB (peak 600 MB) (broke: 20 users: out of memory)',
    );
    expect(t[1]?.measured).toContain('p50 3100 ms, max 6201 ms (20 of 20 new users)');
    expect(t[2]?.measured).toContain('80.0 ms (p50 30.0 ms; 1000 of 1000 deliveries)');
  });

  it('says when the reference was not run, and when the shared watches broke', () => {
    const r = { ...fanout(undefined), brokeAt: '20 users: 3 of 15 new users had not got the whole list' };
    const t = fanoutTargets(r);
    expect(t[0]?.measured).toContain('one watch per user and namespace: not run');
    expect(t[0]?.why).toBe('The shared watches broke: 20 users: 3 of 15 new users had not got the whole list.');
  });

  it('no step: not measured', () => {
    const t = fanoutTargets(fanout(undefined, []));
    expect(t.every((x) => x.met === undefined && x.measured === undefined)).toBe(true);
  });
});

const load = (errors: number, resynced: number): LoadPhaseResults => ({
  how: 'node',
  results: {
    durationS: 60,
    streams: { wanted: 200, opened: 200, resynced, openAtEnd: 200, bytes: 1000 },
    inference: { sent: 3000, ok: 3000 - errors, achievedPerS: 50, p99Ms: 40 },
    errorCount: errors,
    errors: errors ? [{ what: 'inference 502', count: errors }] : [],
    rss: { before: 100 * MB, peak: 180 * MB, after: 120 * MB },
  },
});

describe('load target (issue 9)', () => {
  it('met with no errors and every stream served', () => {
    const [t] = loadTargets(load(0, 200));
    expect(t?.name).toBe('Load: 200 streams and 50 inference requests/s for 60 s');
    expect(t?.met).toBe(true);
    expect(t?.measured).toContain(
      '0 errors; 200 of 200 streams got their RESYNC; inference 3000 of 3000 right, p99 40 ms',
    );
  });

  it('missed with errors or unserved streams, and names them', () => {
    const [t] = loadTargets(load(3, 190));
    expect(t?.met).toBe(false);
    expect(t?.why).toBe('errors: inference 502 ×3; 10 of 200 streams got no RESYNC');
  });
});

describe('metrics rows (issue 15)', () => {
  const metrics = (ok: boolean): MetricsPhaseResults => ({
    isvc: ok
      ? {
          range: '1h',
          queries: 12,
          inferences: 100,
          counted: 100,
          route: summary(12, 20),
          direct: summary(5, 8),
          bytes: 9000,
        }
      : undefined,
    namespace: undefined,
    errors: ok ? [] : ['isvc: the route answered 503'],
    load: { start: [1, 1, 1], end: [1, 1, 1] },
    how: 'node',
  });

  it('reported beside the same PromQL direct', () => {
    const [one, ns] = metricsTargets(metrics(true));
    expect(one?.met).toBe('reported');
    expect(one?.measured).toBe('p50 12.0 ms / p95 20.0 ms; direct p50 5.00 ms / p95 8.00 ms');
    expect(ns).toMatchObject({ measured: undefined, met: undefined });
  });

  it('not measured, with the phase’s error', () => {
    const [one] = metricsTargets(metrics(false));
    expect(one).toMatchObject({ met: undefined, why: 'isvc: the route answered 503' });
  });
});
