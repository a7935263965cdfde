/**
 * Inference proxy overhead: the same requests sent directly to the model server's pod port, through the
 * sandbox gateway, through nginx and through ServeDeck's proxy; then the same against an instant upstream.
 */

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { apiHeaders, type RunningBff, startBff } from './bff';
import { readMemory } from './machine';
import { BENCH_ISVC, BENCH_NS, ensureModelServer } from './model-server';
import { type NginxPorts, type RunningNginx, startNginx } from './nginx';
import { type Payload, preparePayloads } from './payloads';
import { freePort, resetPeakRss } from './procs';
import { idToken, type SandboxEnv } from './sandbox';
import type { LoadResult } from './stats';
import { runWrk, writeLuaScript } from './wrk';

export type TargetId = 'direct' | 'gateway' | 'nginx' | 'servedeck' | 'servedeck-gw';

export const TARGET_LABEL: Record<TargetId, string> = {
  direct: 'direct (pod port)',
  gateway: 'sandbox gateway',
  nginx: 'nginx → pod',
  servedeck: 'ServeDeck → pod',
  'servedeck-gw': 'ServeDeck → gateway → pod',
};

export type ProxyRow = {
  upstream: 'model' | 'trivial';
  payload: Payload;
  connections: number;
  target: TargetId;
  result?: LoadResult;
  error?: string;
  /** Peak RSS of the proxy process(es) during the run (BFF, or nginx master + workers). */
  peakRss?: number;
};

export type ProxyResults = { rows: ProxyRow[]; bffHow: string; modelPort: number; notes: string[] };

export type ProxyOptions = {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  durationS: number;
  connections: number[];
  sizesMb: number[];
  log: (s: string) => void;
};

type Target = {
  id: TargetId;
  origin: string;
  path: string;
  headers: Record<string, string>;
  pids: () => number[];
};

const inferPath = `/v2/models/${BENCH_ISVC}/infer`;

function bffTarget(id: TargetId, bff: RunningBff, route: 'gateway' | 'cluster-local'): Target {
  return {
    id,
    origin: bff.url,
    path: `/api/namespaces/${BENCH_NS}/inferenceservices/${BENCH_ISVC}/infer${inferPath}?route=${route}`,
    headers: apiHeaders(bff.session),
    pids: () => [bff.child.pid],
  };
}

function peakOf(pids: number[]): number | undefined {
  const values = pids.map((p) => readMemory(p, 'VmHWM')).filter((v): v is number => v !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
}

/** One request through the target: is it answering 200? */
async function probe(t: Target, p: Payload): Promise<string | undefined> {
  // node:http, not fetch: fetch drops a Host header, and the gateway routes by it.
  const body = readFileSync(p.file);
  return new Promise((done) => {
    const req = httpRequest(
      `${t.origin}${t.path}`,
      {
        method: 'POST',
        headers: { ...t.headers, ...p.headers, 'content-length': String(body.length) },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
          done(ok ? undefined : `${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`);
        });
        res.on('error', (err) => done(err.message));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', (err) => done(err.message));
    req.end(body);
  });
}

/** Which payloads at which concurrencies, for how long. */
type Plan = { payload: Payload; connections: number[]; durationS: number }[];

async function measure(
  o: ProxyOptions,
  upstream: 'model' | 'trivial',
  targets: Target[],
  plan: Plan,
): Promise<ProxyRow[]> {
  const payloads = plan.map((x) => x.payload);
  const rows: ProxyRow[] = [];
  const broken = new Map<string, string>();
  for (const p of payloads) {
    for (const t of targets) {
      const why = await probe(t, p);
      if (why) {
        broken.set(`${t.id}/${p.id}`, why);
        o.log(`  ${upstream} ${TARGET_LABEL[t.id]} ${p.label}: not answering 200 (${why})`);
      }
    }
  }
  // Warm up every path (JIT, keepalive pools, the model server's first requests) until its rate settles.
  // A freshly started BFF needs about ten thousand requests before V8 has optimised its request path
  // (main-thread CPU per request fell from 0.9 ms to 0.36 ms over its first ~12 s at c=16); on this shared
  // 2-core machine the BFF gets 40% of a core, so a fixed 3 s warm-up gave it ~1,000 requests and the
  // measured runs saw a cold BFF (~200-300 req/s, flat across concurrency: CPU-bound, not serialised).
  for (const t of targets) {
    const p = payloads[0];
    if (p && !broken.has(`${t.id}/${p.id}`)) await warmUp(o, upstream, t, p);
  }
  for (const { payload: p, connections, durationS } of plan) {
    for (const c of connections) {
      // Targets interleaved per (payload, concurrency): the side-by-side figures are seconds apart.
      for (const t of targets) {
        const row: ProxyRow = { upstream, payload: p, connections: c, target: t.id };
        rows.push(row);
        const bad = broken.get(`${t.id}/${p.id}`);
        if (bad) {
          row.error = bad;
          continue;
        }
        const pids = t.pids();
        for (const pid of pids) resetPeakRss(pid);
        try {
          row.result = await runWrk(o.dir, { ...spec(t, p), connections: c, durationS });
        } catch (err) {
          row.error = err instanceof Error ? err.message : String(err);
        }
        if (pids.length) {
          const peak = peakOf(t.pids());
          if (peak !== undefined) row.peakRss = peak;
        }
        const r = row.result;
        o.log(
          `  ${upstream.padEnd(7)} ${p.label.padEnd(18)} c=${String(c).padEnd(3)} ${TARGET_LABEL[t.id].padEnd(26)} ` +
            (r ? `${r.rps.toFixed(0)} req/s p50 ${r.p50Ms.toFixed(2)} ms p99 ${r.p99Ms.toFixed(2)} ms` : row.error),
        );
      }
    }
  }
  return rows;
}

/** Warm-up runs at c=16: at least WARM_MIN, until one is within WARM_SETTLED of the one before, at most WARM_MAX. */
const WARM_MIN = 2;
const WARM_MAX = 10;
const WARM_SETTLED = 0.1;

export function warmedUp(rates: number[]): boolean {
  if (rates.length >= WARM_MAX) return true;
  if (rates.length < WARM_MIN) return false;
  const last = rates[rates.length - 1] ?? 0;
  const before = rates[rates.length - 2] ?? 0;
  return last <= before * (1 + WARM_SETTLED);
}

async function warmUp(o: ProxyOptions, upstream: string, t: Target, p: Payload): Promise<void> {
  const rates: number[] = [];
  while (!warmedUp(rates)) {
    const r = await runWrk(o.dir, { ...spec(t, p), connections: 16, durationS: Math.max(2, o.durationS) }).catch(
      () => undefined,
    );
    if (!r) return;
    rates.push(r.rps);
  }
  o.log(`  ${upstream} ${TARGET_LABEL[t.id]}: warm-up at c=16 ${rates.map((x) => x.toFixed(0)).join(' → ')} req/s`);
}

function spec(t: Target, p: Payload) {
  return {
    origin: t.origin,
    path: t.path,
    method: 'POST' as const,
    headers: { ...t.headers, ...p.headers },
    bodyFile: p.file,
    connections: 1,
    durationS: 1,
  };
}

export async function runProxyBench(o: ProxyOptions): Promise<ProxyResults> {
  const notes: string[] = [
    `Warm-up: before the measured runs, each path gets ${Math.max(2, o.durationS)} s runs at concurrency 16 until one is within ${WARM_SETTLED * 100}% of the one before (at least ${WARM_MIN}, at most ${WARM_MAX}): a new BFF needs about ten thousand requests before V8 has optimised its request path, and on a loaded machine a fixed few seconds gives it far fewer.`,
  ];
  writeLuaScript(o.dir);
  const payloads = preparePayloads(o.dir, o.sizesMb);
  const email = 'user@example.com';
  const modelPort = await ensureModelServer(o.kube, o.sandbox.stateDir, email, o.log);
  o.log(`model server ${BENCH_NS}/${BENCH_ISVC} on 127.0.0.1:${modelPort}`);
  const ports: NginxPorts = { proxyModel: await freePort(), proxyTrivial: await freePort(), trivial: await freePort() };
  let nginx: RunningNginx | undefined;
  let bff: RunningBff | undefined;
  const rows: ProxyRow[] = [];
  let bffHow = '';
  try {
    nginx = await startNginx(o.dir, ports, modelPort);
    const ng = nginx;
    const nginxPids = (): number[] => [ng.child.pid, ...ng.workerPids()];
    const token = idToken(email);
    const isvcHost = `${BENCH_ISVC}-${BENCH_NS}.${o.sandbox.ingressDomain}`;

    // 1. The real model server. ServeDeck's cluster-local route is pointed at the pod port (the same hop
    //    as nginx → pod); its gateway route goes through the sandbox gateway as in a cluster.
    bff = await startBff({
      sandbox: o.sandbox,
      logDir: o.dir,
      name: 'model',
      namespaces: [BENCH_NS],
      clusterLocalUrl: `http://127.0.0.1:${modelPort}`,
    });
    bffHow = bff.how;
    const modelTargets: Target[] = [
      { id: 'direct', origin: `http://127.0.0.1:${modelPort}`, path: inferPath, headers: {}, pids: () => [] },
      {
        id: 'gateway',
        origin: o.sandbox.gatewayUrl,
        path: inferPath,
        headers: { Host: isvcHost, authorization: `Bearer ${token}` },
        pids: () => [],
      },
      { id: 'nginx', origin: `http://127.0.0.1:${ports.proxyModel}`, path: inferPath, headers: {}, pids: nginxPids },
      bffTarget('servedeck', bff, 'cluster-local'),
      bffTarget('servedeck-gw', bff, 'gateway'),
    ];
    // The model server needs ~0.25 s per MB of JSON and MLServer has no binary tensor extension (it answers
    // 500): large bodies go to it one at a time, and only as JSON.
    const modelPlan: Plan = payloads
      .filter((p) => !p.id.startsWith('bin-'))
      .map((p) =>
        p.id === 'iris'
          ? { payload: p, connections: o.connections, durationS: o.durationS }
          : { payload: p, connections: [1], durationS: o.durationS * 2 },
      );
    notes.push(
      'Real model server: large payloads at concurrency 1 only (the model server needs about 0.25 s per MB of JSON, so 16 or 64 in flight finish next to nothing in a run) and JSON only: the sandbox serves sklearn V2 with MLServer, whose REST endpoint has no binary tensor extension (it answers 500 with a UnicodeDecodeError). Binary bodies are measured against the instant upstream.',
    );
    o.log('proxy: real model server');
    rows.push(...(await measure(o, 'model', modelTargets, modelPlan)));
    await bff.child.stop();
    bff = undefined;

    // 2. An upstream that answers at once (nginx `return 200`): only the proxies' own cost is left.
    bff = await startBff({
      sandbox: o.sandbox,
      logDir: o.dir,
      name: 'trivial',
      namespaces: [BENCH_NS],
      clusterLocalUrl: `http://127.0.0.1:${ports.trivial}`,
    });
    const trivialTargets: Target[] = [
      { id: 'direct', origin: `http://127.0.0.1:${ports.trivial}`, path: inferPath, headers: {}, pids: () => [] },
      { id: 'nginx', origin: `http://127.0.0.1:${ports.proxyTrivial}`, path: inferPath, headers: {}, pids: nginxPids },
      bffTarget('servedeck', bff, 'cluster-local'),
    ];
    o.log('proxy: trivial upstream');
    const trivialPlan: Plan = payloads.map((p) => ({ payload: p, connections: o.connections, durationS: o.durationS }));
    rows.push(...(await measure(o, 'trivial', trivialTargets, trivialPlan)));
  } finally {
    await bff?.child.stop();
    await nginx?.child.stop();
  }
  return { rows, bffHow, modelPort, notes };
}
