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
import { BENCH_LABELS } from './model-server';
import { freePort, httpOk, sleep, startChild, waitFor } from './procs';
import type { SandboxEnv } from './sandbox';
import { type Summary, summarize } from './stats';

export const METRICS_NS = 'servedeck-bench-metrics';

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

const ratesAnswer = z.object({ rates: z.record(z.string(), z.number()) });

export async function runNamespaceMetrics(o: {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  isvcs: number;
  reps: number;
  log: (s: string) => void;
}): Promise<NamespaceMetricsResults> {
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
  const promUrl = `http://127.0.0.1:${promPort}`;
  const child = startChild(
    'prometheus-metrics',
    prom.path,
    [
      `--config.file=${join(promDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(promDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ],
    { log: join(o.dir, 'prometheus-metrics.log') },
  );
  try {
    await waitFor('the bench Prometheus', () => httpOk(`${promUrl}/-/ready`), 60_000);
    const { promql } = await loadQueryBuilders();
    const query = promql.namespaceRateQuery(METRICS_NS);
    // rate() over 5m needs two scrapes of each series
    o.log(`metrics: waiting for two scrapes of ${o.isvcs} pods' series`);
    let series = 0;
    for (let i = 0; i < 60; i++) {
      const text = await promPost(promUrl, '/api/v1/query', { query: `count(${query})` }).catch(() => '');
      const m = /"value":\[[\d.]+,"(\d+)"\]/.exec(text);
      series = m ? Number(m[1]) : 0;
      if (series >= o.isvcs) break;
      await sleep(1000);
    }
    if (series < o.isvcs) throw new Error(`the bench Prometheus has ${series} of ${o.isvcs} InferenceServices' rates`);
    const bff = await startBff({
      sandbox: o.sandbox,
      logDir: o.dir,
      name: 'metrics-ns',
      namespaces: [METRICS_NS],
      env: { SERVEDECK_PROMETHEUS_URL: promUrl },
    });
    const uncached: number[] = [];
    const cached: number[] = [];
    const direct: number[] = [];
    let answered = 0;
    let bytes = 0;
    try {
      const path = `/api/namespaces/${METRICS_NS}/inferenceservice-metrics`;
      for (let i = 0; i < o.reps + 1; i++) {
        const step = 60;
        const end = Math.floor(Date.now() / 1000 / step) * step;
        const d0 = performance.now();
        await promPost(promUrl, '/api/v1/query_range', {
          query,
          start: String(end - 1800),
          end: String(end),
          step: String(step),
        });
        const d1 = performance.now();
        const r = await bffGet(bff, path);
        const r1 = performance.now();
        if (r.status !== 200) throw new Error(`namespace route: ${r.status} ${r.text.slice(0, 300)}`);
        answered = Object.keys(ratesAnswer.parse(JSON.parse(r.text)).rates).length;
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
      isvcs: o.isvcs,
      series,
      prometheus: `Prometheus ${prom.version}`,
      answered,
      bytes,
      routeUncached: summarize(uncached),
      routeCached: summarize(cached),
      direct: summarize(direct),
    };
  } finally {
    await child.stop();
    await new Promise<void>((done) => exporter.close(() => done()));
  }
}
