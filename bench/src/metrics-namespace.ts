/**
 * The namespace metrics route (the list's requests column) with 5,000 InferenceServices: a Prometheus of the
 * bench's own (the sandbox's binary) scrapes a bench exporter that serves `rest_server_requests_total` for
 * 5,000 predictor pods, labelled as the sandbox's pod discovery labels them (`namespace`, `pod`); a BFF
 * pointed at it answers `GET /api/namespaces/NS/inferenceservice-metrics` for a user allowed in NS.
 */

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { z } from 'zod';
import { startBff } from './bff';
import { ensureUserNamespace } from './kube';
import { bffGet, loadQueryBuilders, promPost } from './metrics-client';
import { missingRates, type RatesSeen, routeWindow, seriesIn } from './metrics-window';
import { BENCH_LABELS } from './model-server';
import { freePort, httpOk, sleep, startChild, waitFor } from './procs';
import type { SandboxEnv } from './sandbox';
import { type Summary, summarize } from './stats';

export const METRICS_NS = 'servedeck-bench-metrics';
/** InferenceServices the namespace route is measured with. */
export const METRICS_NS_ISVCS = 5000;

export type NamespaceMetricsResults = {
  isvcs: number;
  series: number;
  prometheus: string;
  answered: number;
  bytes: number;
  routeUncached: Summary | undefined;
  routeCached: Summary | undefined;
  direct: Summary | undefined;
};

/** The sandbox's Prometheus binary in the cache (apps/sandbox/src/prometheus/files.ts), newest version. */
export function findPrometheusBinary(): { path: string; version: string } {
  const bin = join(process.env.SERVEDECK_CACHE ?? join(homedir(), '.cache', 'servedeck'), 'bin');
  const found = existsSync(bin)
    ? readdirSync(bin)
        .filter((d) => /^prometheus-\d+\.\d+\.\d+$/.test(d) && existsSync(join(bin, d, 'prometheus')))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    : [];
  const dir = found.at(-1);
  if (!dir) throw new Error(`no Prometheus binary in ${bin} (the sandbox builds it on \`up\`)`);
  return { path: join(bin, dir, 'prometheus'), version: dir.slice('prometheus-'.length) };
}

/** Prometheus text for `n` predictor pods: each counter grows at its own rate (0.1..1 req/s) since `t0`. */
export function exporterText(ns: string, n: number, elapsedS: number): string {
  const out: string[] = ['# TYPE rest_server_requests_total counter'];
  for (let i = 0; i < n; i++) {
    const name = `isvc-${String(i).padStart(4, '0')}`;
    const value = Math.floor(elapsedS * (0.1 + (i % 10) / 10));
    out.push(
      `rest_server_requests_total{namespace="${ns}",pod="${name}-predictor-00001-deployment-5d9c",path="/v2/models/${name}/infer",status_code="200"} ${value}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** The bench's own Prometheus scraping the exporter: started early so its first minute passes meanwhile. */
export type NamespacePrometheus = {
  isvcs: number;
  url: string;
  version: string;
  stop(): Promise<void>;
};

export async function startNamespacePrometheus(o: {
  dir: string;
  kube: KubeRest;
  isvcs: number;
  /** Started by the run before the other phases (their stopAll() must leave it). */
  early?: boolean;
}): Promise<NamespacePrometheus> {
  const prom = findPrometheusBinary();
  await ensureUserNamespace(o.kube, METRICS_NS, 'user@example.com', BENCH_LABELS);
  const t0 = Date.now();
  const exporter: Server = createServer((_req, res) => {
    const text = exporterText(METRICS_NS, o.isvcs, (Date.now() - t0) / 1000);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(text);
  });
  const exporterPort = await freePort();
  await new Promise<void>((done) => exporter.listen(exporterPort, '127.0.0.1', done));
  const closeExporter = () => new Promise<void>((done) => exporter.close(() => done()));
  const promPort = await freePort();
  const promDir = join(o.dir, 'prometheus-metrics');
  mkdirSync(join(promDir, 'data'), { recursive: true });
  writeFileSync(
    join(promDir, 'prometheus.yml'),
    [
      'global: {scrape_interval: 5s, scrape_timeout: 4s}',
      'scrape_configs:',
      '  - job_name: bench-isvcs',
      '    honor_labels: true',
      `    static_configs: [{targets: ['127.0.0.1:${exporterPort}']}]`,
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${promPort}`;
  const child = startChild(
    'prometheus-metrics',
    prom.path,
    [
      `--config.file=${join(promDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(promDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ],
    { log: join(o.dir, 'prometheus-metrics.log'), acrossPhases: o.early === true },
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await child.stop();
    await closeExporter();
  };
  try {
    await waitFor('the bench Prometheus', () => httpOk(`${url}/-/ready`), 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { isvcs: o.isvcs, url, version: prom.version, stop };
}

/**
 * Until the route's own query (its window, ending at the last whole minute) holds every InferenceService's rate;
 * throws, saying what was missing, after `timeoutMs`.
 */
async function untilRouteHasRates(
  prom: NamespacePrometheus,
  query: string,
  timeoutMs: number,
  log: (s: string) => void,
): Promise<RatesSeen> {
  const { history } = await loadQueryBuilders();
  const deadline = Date.now() + timeoutMs;
  const t0 = Date.now();
  for (;;) {
    const w = routeWindow(Date.now(), history.HISTORY_S, history.HISTORY_STEP_S);
    const range = await promPost(prom.url, '/api/v1/query_range', {
      query,
      start: String(w.start),
      end: String(w.end),
      step: String(w.step),
    });
    const now = await promPost(prom.url, '/api/v1/query', { query: `count(${query})` });
    const seen: RatesSeen = {
      isvcs: prom.isvcs,
      now: seriesIn(now, true),
      inRange: seriesIn(range, false),
      end: w.end,
    };
    const missing = missingRates(seen);
    if (!missing) {
      log(
        `metrics: the route's range holds all ${prom.isvcs} rates (waited ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
      return seen;
    }
    if (Date.now() > deadline) throw new Error(`after ${Math.round(timeoutMs / 1000)} s: ${missing}`);
    await sleep(1000);
  }
}

const ratesAnswer = z.object({ rates: z.record(z.string(), z.number()) });

export async function runNamespaceMetrics(o: {
  dir: string;
  sandbox: SandboxEnv;
  prom: NamespacePrometheus;
  reps: number;
  log: (s: string) => void;
}): Promise<NamespaceMetricsResults> {
  const { promql, history } = await loadQueryBuilders();
  const query = promql.namespaceRateQuery(METRICS_NS);
  const isvcs = o.prom.isvcs;
  o.log(`metrics: waiting until the route's range holds ${isvcs} pods' rates (two scrapes, then a whole minute)`);
  // two scrapes (5 s apart) and the next whole minute: at most ~75 s after the start, often less (started early)
  const seen = await untilRouteHasRates(o.prom, query, 120_000, o.log);
  const bff = await startBff({
    sandbox: o.sandbox,
    logDir: o.dir,
    name: 'metrics-ns',
    namespaces: [METRICS_NS],
    env: { SERVEDECK_PROMETHEUS_URL: o.prom.url },
  });
  const uncached: number[] = [];
  const cached: number[] = [];
  const direct: number[] = [];
  const answeredPerRound: number[] = [];
  let bytes = 0;
  try {
    const path = `/api/namespaces/${METRICS_NS}/inferenceservice-metrics`;
    for (let i = 0; i < o.reps + 1; i++) {
      const w = routeWindow(Date.now(), history.HISTORY_S, history.HISTORY_STEP_S);
      const d0 = performance.now();
      await promPost(o.prom.url, '/api/v1/query_range', {
        query,
        start: String(w.start),
        end: String(w.end),
        step: String(w.step),
      });
      const d1 = performance.now();
      const r = await bffGet(bff, path);
      const r1 = performance.now();
      if (r.status !== 200) throw new Error(`namespace route: ${r.status} ${r.text.slice(0, 300)}`);
      answeredPerRound.push(Object.keys(ratesAnswer.parse(JSON.parse(r.text)).rates).length);
      bytes = r.text.length;
      const c: number[] = [];
      for (let k = 0; k < 3; k++) {
        const c0 = performance.now();
        await bffGet(bff, path);
        c.push(performance.now() - c0);
      }
      if (i > 0) {
        // the first round warms connections and V8
        direct.push(d1 - d0);
        uncached.push(r1 - d1);
        cached.push(...c);
      }
      // past the route's 5 s cache before the next round
      await sleep(Math.max(0, 5200 - (performance.now() - d1)));
    }
  } finally {
    await bff.child.stop();
  }
  return {
    isvcs,
    series: seen.now,
    prometheus: `Prometheus ${o.prom.version}`,
    // every round, not only the last: the fewest any answer held
    answered: Math.min(...answeredPerRound),
    bytes,
    routeUncached: summarize(uncached),
    routeCached: summarize(cached),
    direct: summarize(direct),
  };
}
