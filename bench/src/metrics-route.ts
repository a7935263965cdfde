/**
 * `npm run bench -- --only=metrics` (issue 15): the metrics routes side by side with the same PromQL sent straight
 * to Prometheus, in one run, interleaved (route, direct, route, ...).
 * - One InferenceService: the bench's iris model (MLServer) gets 100 inferences through the BFF, then
 *   `GET .../metrics?range=1h` (the user's read of the InferenceService, 12 range queries and 2 instant ones,
 *   the answer built) against those 14 queries POSTed in parallel to the sandbox Prometheus.
 * - The namespace route with 5,000 InferenceServices (metrics-namespace.ts).
 * Direct calls use node:http with a keep-alive agent (connections reused like the BFF's undici Agent), so the
 * difference is ServeDeck's own work: its HTTP hop, the session, the user's RBAC read, the answer's shaping.
 */

import { readFileSync } from 'node:fs';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { z } from 'zod';
import { apiHeaders, type RunningBff, startBff } from './bff';
import { currentLoad } from './machine';
import { bffGet, loadQueryBuilders, promPost } from './metrics-client';
import {
  METRICS_NS_ISVCS,
  type NamespaceMetricsResults,
  type NamespacePrometheus,
  runNamespaceMetrics,
  startNamespacePrometheus,
} from './metrics-namespace';
import { BENCH_ISVC, BENCH_NS, ensureModelServer } from './model-server';
import { IRIS_SAMPLE } from './payloads';
import { sleep } from './procs';
import type { SandboxEnv } from './sandbox';
import { type Summary, summarize } from './stats';

const totalsAnswer = z.object({ totals: z.object({ requests: z.number().nullable().optional() }).passthrough() });

export type IsvcMetricsResults = {
  range: string;
  queries: number;
  inferences: number;
  /** Requests the route counted once the 100 were scraped (the route's `totals.requests`). */
  counted: number | undefined;
  route: Summary | undefined;
  direct: Summary | undefined;
  bytes: number;
};

export type MetricsPhaseResults = {
  isvc: IsvcMetricsResults | undefined;
  namespace: NamespaceMetricsResults | undefined;
  errors: string[];
  load: { start: number[]; end: number[] };
  how: string;
};

async function isvcMetrics(
  bff: RunningBff,
  promUrl: string,
  reps: number,
  log: (s: string) => void,
): Promise<IsvcMetricsResults> {
  const { promql, ranges } = await loadQueryBuilders();
  const base = `/api/namespaces/${BENCH_NS}/inferenceservices/${BENCH_ISVC}`;
  const sample = readFileSync(IRIS_SAMPLE, 'utf8');
  log(`metrics: 100 inferences to ${BENCH_NS}/${BENCH_ISVC} through the BFF`);
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${bff.url}${base}/infer/v2/models/${BENCH_ISVC}/infer`, {
      method: 'POST',
      headers: { ...apiHeaders(bff.session), 'content-type': 'application/json' },
      body: sample,
      signal: AbortSignal.timeout(30_000),
    });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`inference ${i}: ${r.status}`);
  }
  // until Prometheus has scraped them (5 s scrapes): the route's totals grow to ≥ 100
  let counted: number | undefined;
  for (let i = 0; i < 45; i++) {
    const r = await bffGet(bff, `${base}/metrics?range=1h`);
    if (r.status !== 200) throw new Error(`metrics route: ${r.status} ${r.text.slice(0, 300)}`);
    counted = totalsAnswer.parse(JSON.parse(r.text)).totals.requests ?? undefined;
    if (counted !== undefined && counted >= 100) break;
    await sleep(1000);
  }
  const entry = promql.podMatcher(BENCH_NS, BENCH_ISVC, ['predictor']);
  const all = promql.podMatcher(BENCH_NS, BENCH_ISVC, []);
  const direct = async (): Promise<number> => {
    const { start, end, step } = ranges.rangeWindow('1h', Math.floor(Date.now() / 1000));
    const qs = promql.isvcQueries(entry, all, ranges.RANGES['1h']?.window ?? '2m');
    const t = promql.totalQueries(entry, '1h');
    const form = (query: string) => ({ query, start: String(start), end: String(end), step: String(step) });
    const bodies = await Promise.all([
      ...qs.map((q) => promPost(promUrl, '/api/v1/query_range', form(q.query))),
      promPost(promUrl, '/api/v1/query', { query: t.requests, time: String(end) }),
      promPost(promUrl, '/api/v1/query', { query: t.errors, time: String(end) }),
    ]);
    return bodies.length;
  };
  const routeTimes: number[] = [];
  const directTimes: number[] = [];
  let queries = 0;
  let bytes = 0;
  for (let i = 0; i < reps + 3; i++) {
    const t0 = performance.now();
    const r = await bffGet(bff, `${base}/metrics?range=1h`);
    const t1 = performance.now();
    if (r.status !== 200) throw new Error(`metrics route: ${r.status} ${r.text.slice(0, 300)}`);
    queries = await direct();
    const t2 = performance.now();
    if (i < 3) continue; // warm-up: connections, V8
    bytes = r.text.length;
    routeTimes.push(t1 - t0);
    directTimes.push(t2 - t1);
  }
  return {
    range: '1h',
    queries,
    inferences: 100,
    counted,
    route: summarize(routeTimes),
    direct: summarize(directTimes),
    bytes,
  };
}

/** The phase: one InferenceService's route vs direct, then the namespace route with 5,000 InferenceServices. */
export async function runMetricsPhase(o: {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  quick: boolean;
  log: (s: string) => void;
  /** The namespace part's Prometheus when the run started it early (the quick run: its first minute passes during
   * the other phases); stopped here. */
  nsProm?: NamespacePrometheus | undefined;
}): Promise<MetricsPhaseResults> {
  const start = currentLoad();
  const promUrl = o.sandbox.bff.SERVEDECK_PROMETHEUS_URL;
  if (!promUrl) throw new Error('the sandbox exports no SERVEDECK_PROMETHEUS_URL (is its Prometheus up?)');
  const errors: string[] = [];
  let isvc: IsvcMetricsResults | undefined;
  // The namespace part's own Prometheus first: the route's range needs a whole minute after its second scrape
  // (metrics-window.ts), which passes meanwhile. Its scrapes (5,000 lines every 5 s) cost next to nothing.
  let nsProm: NamespacePrometheus | undefined = o.nsProm;
  try {
    nsProm ??= await startNamespacePrometheus({ dir: o.dir, kube: o.kube, isvcs: METRICS_NS_ISVCS });
  } catch (err) {
    errors.push(`namespace: ${String(err)}`);
    o.log(`metrics (namespace) failed: ${String(err)}`);
  }
  let namespace: NamespaceMetricsResults | undefined;
  let how = '';
  try {
    await ensureModelServer(o.kube, o.sandbox.stateDir, 'user@example.com', o.log);
    const bff = await startBff({ sandbox: o.sandbox, logDir: o.dir, name: 'metrics', namespaces: [BENCH_NS] });
    how = bff.how;
    try {
      isvc = await isvcMetrics(bff, promUrl, o.quick ? 5 : 60, o.log);
    } catch (err) {
      errors.push(`one InferenceService: ${String(err)}`);
      o.log(`metrics (one InferenceService) failed: ${String(err)}`);
    } finally {
      await bff.child.stop();
    }
    if (nsProm) {
      try {
        namespace = await runNamespaceMetrics({ ...o, prom: nsProm, reps: o.quick ? 2 : 12 });
      } catch (err) {
        errors.push(`namespace: ${String(err)}`);
        o.log(`metrics (namespace) failed: ${String(err)}`);
      }
    }
  } finally {
    await nsProm?.stop();
  }
  return {
    isvc,
    namespace,
    errors,
    load: { start, end: currentLoad() },
    how,
  };
}

const ms = (n: number | undefined) => (n === undefined ? '–' : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`);
const row = (what: string, s: Summary | undefined) =>
  `| ${what} | ${ms(s?.p50)} | ${ms(s?.p95)} | ${ms(s?.max)} | ${s?.count ?? 0} |`;
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

export function renderMetrics(r: MetricsPhaseResults): string {
  const lines = [
    '## Metrics routes against Prometheus directly (issue 15)',
    '',
    `Load average at the phase's start ${load(r.load.start)}, at its end ${load(r.load.end)} (1/5/15 min). The BFF is ${r.how}; "direct" is the same PromQL POSTed by the bench to the same Prometheus (node:http, keep-alive), measured alternately with the route in one loop.`,
    '',
    '| measurement | p50 | p95 | max | n |',
    '| --- | --- | --- | --- | --- |',
  ];
  if (r.isvc) {
    lines.push(
      row(
        `\`GET .../inferenceservices/${BENCH_ISVC}/metrics?range=${r.isvc.range}\` through ServeDeck (session, the user's read of the InferenceService, ${r.isvc.queries} queries, answer ${Math.round(r.isvc.bytes / 1024)} KB)`,
        r.isvc.route,
      ),
      row(`the same ${r.isvc.queries} queries straight to Prometheus, in parallel`, r.isvc.direct),
    );
  }
  const n = r.namespace;
  if (n) {
    lines.push(
      row(
        `\`GET .../inferenceservice-metrics\`, ${n.isvcs} InferenceServices, first after the 5 s cache expired (the user's check + the query)`,
        n.routeUncached,
      ),
      row("the same, answered from the 5 s cache (the user's check only)", n.routeCached),
      row(`the same query (\`namespaceRateQuery\`, 30 min, step 60 s) straight to Prometheus`, n.direct),
    );
  }
  lines.push('');
  if (r.isvc)
    lines.push(
      `- One InferenceService: ${r.isvc.inferences} V2 inferences sent through the BFF to the bench's iris model (MLServer) first; once scraped, the route's request total over its range was ${r.isvc.counted ?? '–'} (every request the model served in that range: in a full run the proxy phase's too). 3 warm-up rounds, not counted.`,
    );
  if (n)
    lines.push(
      `- Namespace: ${n.isvcs} InferenceServices' predictor pods as ${n.series} series of \`rest_server_requests_total\` in a Prometheus of the bench's own (${n.prometheus}, scraping a bench exporter every 5 s, \`honor_labels\`; the sandbox's Prometheus has no 5,000 real pods to scrape). Measured once the route's own range (30 min to the last whole minute) held every rate; the fewest any answer held: ${n.answered} InferenceServices (${Math.round(n.bytes / 1024)} KB). The user's authorisation is a \`list inferenceservices?limit=1\` in the namespace, so the InferenceService objects themselves are not created in the apiserver: their number does not enter that check.`,
    );
  for (const e of r.errors) lines.push(`- Failed: ${e}`);
  lines.push('');
  return lines.join('\n');
}
