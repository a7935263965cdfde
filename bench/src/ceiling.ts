/**
 * `npm run bench -- --only=ceiling` (issue 20 item 1): the inference proxy at Node's ceiling. Against the instant
 * upstream (nginx `return 200`), with the iris sample, at c=16 and 64, all in one run and interleaved per
 * concurrency: nginx with 1 and 2 workers, a bare undici pass-through (passthrough.ts) as 1 and 2 processes,
 * and ServeDeck's BFF as 1 process (sessions in memory, the single-replica default) and as 1 and 2 processes
 * of the cluster module sharing sessions in Redis (what several replicas need). Ratios: ServeDeck vs the
 * pass-through with as many processes (target ≥ 90% for one), ServeDeck vs nginx with as many workers.
 * Over 300 lines: seven paths started, warmed and measured interleaved per concurrency in one run; splitting the
 * runner from its table would split one contract.
 */

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { apiHeaders, startBff } from './bff';
import { currentLoad, readMemory } from './machine';
import { BENCH_ISVC, BENCH_NS, ensureModelServer } from './model-server';
import { startNginx } from './nginx';
import { preparePayloads } from './payloads';
import { type Child, exitNote, freePort, resetPeakRss, sleep, startChild, waitFor } from './procs';
import { warmedUp } from './proxy';
import { repoRoot, type SandboxEnv } from './sandbox';
import type { LoadResult } from './stats';
import { runWrk, writeLuaScript } from './wrk';

/** The InferenceService the ceiling's BFF paths name (scale object 0: Ready, with a status address). */
/** The bench's real, Ready InferenceService (its status.address is KServe's): the BFF's cluster-local route sends its Host. */
const CEILING_ISVC = BENCH_ISVC;

export type CeilingTargetId =
  | 'direct'
  | 'nginx-1'
  | 'nginx-2'
  | 'undici-1'
  | 'undici-2'
  | 'servedeck-1'
  | 'servedeck-redis-1'
  | 'servedeck-redis-2';

export const CEILING_LABEL: Record<CeilingTargetId, string> = {
  direct: 'direct (instant upstream)',
  'nginx-1': 'nginx, 1 worker',
  'nginx-2': 'nginx, 2 workers',
  'undici-1': 'bare undici pass-through, 1 process',
  'undici-2': 'bare undici pass-through, 2 processes',
  'servedeck-1': 'ServeDeck, 1 process (sessions in memory)',
  'servedeck-redis-1': 'ServeDeck, 1 process (sessions in Redis)',
  'servedeck-redis-2': 'ServeDeck, 2 processes (cluster, sessions in Redis)',
};

export type CeilingRow = {
  target: CeilingTargetId;
  connections: number;
  result?: LoadResult;
  error?: string;
  peakRss?: number;
  /** CPU time (user + system, from /proc) of the path's processes per answered request: less sensitive to load than req/s. */
  cpuMsPerRequest?: number;
};

export type CeilingResults = {
  rows: CeilingRow[];
  warmUps: Partial<Record<CeilingTargetId, number[]>>;
  durationS: number;
  load: { start: number[]; end: number[] };
  notes: string[];
};

type Target = {
  id: CeilingTargetId;
  origin: string;
  path: string;
  headers: Record<string, string>;
  pids: () => number[];
  node: boolean;
  /** How the target's process ended, if it did (procs.ts exitNote); undefined while it runs. */
  gone: () => string | undefined;
};

function withChildren(pid: number): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
    return [
      pid,
      ...out
        .split('\n')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ];
  } catch {
    return [pid];
  }
}

/** utime + stime of processes, in ms (/proc/PID/stat fields 14 and 15, clock ticks of 10 ms). */
export function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}

const sumPeak = (pids: number[]): number | undefined => {
  const v = pids.map((p) => readMemory(p, 'VmHWM')).filter((x): x is number => x !== undefined);
  return v.length ? v.reduce((a, b) => a + b, 0) : undefined;
};

/** Warm-up runs at c=16 until the rate settles (proxy.ts warmedUp); `once`: one run (the quick form, a smoke). */
async function warmUp(
  o: { dir: string; log: (s: string) => void },
  t: Target,
  bodyFile: string,
  s: number,
  once: boolean,
) {
  const rates: number[] = [];
  while (once ? rates.length === 0 : !warmedUp(rates)) {
    const r = await runWrk(o.dir, { ...spec(t, bodyFile), connections: 16, durationS: s }).catch((err: unknown) => {
      o.log(`  ceiling ${CEILING_LABEL[t.id]}: a warm-up run failed: ${failureOf(t, err)}`);
      return undefined;
    });
    if (!r) break;
    rates.push(r.rps);
  }
  o.log(`  ceiling ${CEILING_LABEL[t.id]}: warm-up at c=16 ${rates.map((x) => x.toFixed(0)).join(' → ')} req/s`);
  return rates;
}

/** A failed run's message, with how the target's process ended when it did (a crash reads as "Connection refused"). */
function failureOf(t: Target, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const gone = t.gone();
  return gone ? `${message.trim()}; the ${CEILING_LABEL[t.id]} ${gone}` : message;
}

const goneOf = (child: Child) => () => exitNote(child);

function spec(t: Target, bodyFile: string) {
  return {
    origin: t.origin,
    path: t.path,
    method: 'POST' as const,
    headers: { ...t.headers, 'content-type': 'application/json' },
    bodyFile,
  };
}

async function startRedis(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = startChild(
    'redis',
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { log: join(dir, 'redis.log') },
  );
  const { connect } = await import('node:net');
  await waitFor(
    'redis',
    () =>
      new Promise<boolean>((done) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          done(true);
        });
        s.once('error', () => done(false));
      }),
    10_000,
  );
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.stop() };
}

async function startPassthrough(dir: string, upstream: string, workers: number): Promise<Target> {
  const port = await freePort();
  const child = startChild(
    `undici-${workers}`,
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bench', 'src', 'passthrough.ts')],
    {
      cwd: join(repoRoot, 'bench'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PASSTHROUGH_PORT: String(port),
        PASSTHROUGH_UPSTREAM: upstream,
        PASSTHROUGH_WORKERS: String(workers),
      },
      log: join(dir, `undici-${workers}.log`),
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(
    'the undici pass-through',
    async () => (await fetch(`${origin}/`, { method: 'POST', body: '{}' })).ok,
    30_000,
  );
  return {
    id: workers === 1 ? 'undici-1' : 'undici-2',
    origin,
    path: `/v2/models/${CEILING_ISVC}/infer`,
    headers: {},
    pids: () => withChildren(child.pid),
    node: true,
    gone: goneOf(child),
  };
}

export async function runCeilingPhase(o: {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  quick: boolean;
  log: (s: string) => void;
}): Promise<CeilingResults> {
  const start = currentLoad();
  // quick: a smoke that every path answers (npm test), not figures to compare
  const durationS = o.quick ? 1 : 5;
  const connections = [16, 64];
  writeLuaScript(o.dir);
  const [iris] = preparePayloads(o.dir, []);
  if (!iris) throw new Error('no iris payload');
  // The BFF's cluster-local route needs an InferenceService with a status address (the Host it sends), pointed
  // here at the instant upstream: the bench's model InferenceService, Ready under KServe's controller (a status
  // the bench wrote itself is overwritten by KServe: the first run after the imitation's removal had only 503s).
  await ensureModelServer(o.kube, o.sandbox.stateDir, 'user@example.com', o.log);
  const trivial = await freePort();
  const upstream = await startNginx(
    o.dir,
    { proxyModel: await freePort(), proxyTrivial: await freePort(), trivial },
    undefined,
    { name: 'nginx-upstream' },
  );
  const upstreamUrl = `http://127.0.0.1:${trivial}`;
  const inferPath = `/v2/models/${CEILING_ISVC}/infer`;
  const targets: Target[] = [
    {
      id: 'direct',
      origin: upstreamUrl,
      path: inferPath,
      headers: {},
      pids: () => [],
      node: false,
      gone: goneOf(upstream.child),
    },
  ];
  for (const workers of [1, 2] as const) {
    const proxyTrivial = await freePort();
    const ng = await startNginx(o.dir, { proxyModel: await freePort(), proxyTrivial, trivial }, undefined, {
      workers,
      name: `nginx-${workers}w`,
      serveTrivial: false,
    });
    targets.push({
      id: workers === 1 ? 'nginx-1' : 'nginx-2',
      origin: `http://127.0.0.1:${proxyTrivial}`,
      path: inferPath,
      headers: {},
      pids: () => [ng.child.pid, ...ng.workerPids()],
      node: false,
      gone: goneOf(ng.child),
    });
  }
  targets.push(await startPassthrough(o.dir, upstreamUrl, 1), await startPassthrough(o.dir, upstreamUrl, 2));
  const bffPath = `/api/namespaces/${BENCH_NS}/inferenceservices/${CEILING_ISVC}/infer${inferPath}?route=cluster-local`;
  const plain = await startBff({
    sandbox: o.sandbox,
    logDir: o.dir,
    name: 'ceiling-1',
    namespaces: [BENCH_NS],
    clusterLocalUrl: upstreamUrl,
  });
  targets.push({
    id: 'servedeck-1',
    origin: plain.url,
    path: bffPath,
    headers: apiHeaders(plain.session),
    pids: () => [plain.child.pid],
    node: true,
    gone: goneOf(plain.child),
  });
  const redis = await startRedis(o.dir);
  const secret = randomBytes(32).toString('hex');
  for (const n of [1, 2] as const) {
    const bff = await startBff({
      sandbox: o.sandbox,
      logDir: o.dir,
      name: `ceiling-redis-${n}`,
      namespaces: [BENCH_NS],
      clusterLocalUrl: upstreamUrl,
      cluster: n,
      env: { SERVEDECK_REDIS_URL: redis.url, SERVEDECK_SESSION_SECRET: secret },
    });
    targets.push({
      id: n === 1 ? 'servedeck-redis-1' : 'servedeck-redis-2',
      origin: bff.url,
      path: bffPath,
      headers: apiHeaders(bff.session),
      pids: () => withChildren(bff.child.pid),
      node: true,
      gone: goneOf(bff.child),
    });
  }
  const notes: string[] = [];
  const warmUps: Partial<Record<CeilingTargetId, number[]>> = {};
  const rows: CeilingRow[] = [];
  try {
    for (const t of targets) {
      if (t.node) warmUps[t.id] = await warmUp(o, t, iris.file, o.quick ? 1 : Math.max(2, durationS), o.quick);
    }
    for (const c of connections) {
      for (const t of targets) {
        const row: CeilingRow = { target: t.id, connections: c };
        rows.push(row);
        const pids = t.pids();
        for (const pid of pids) resetPeakRss(pid);
        const cpu0 = cpuMs(pids);
        const goneBefore = t.gone();
        if (goneBefore) row.error = `not run: the ${CEILING_LABEL[t.id]} ${goneBefore}`;
        else
          try {
            row.result = await runWrk(o.dir, { ...spec(t, iris.file), connections: c, durationS });
          } catch (err) {
            row.error = failureOf(t, err);
          }
        const peak = pids.length ? sumPeak(t.pids()) : undefined;
        if (peak !== undefined) row.peakRss = peak;
        if (pids.length && row.result && row.result.requests > 0)
          row.cpuMsPerRequest = (cpuMs(pids) - cpu0) / row.result.requests;
        const r = row.result;
        o.log(
          `  ceiling c=${String(c).padEnd(3)} ${CEILING_LABEL[t.id].padEnd(52)} ` +
            (r
              ? `${r.rps.toFixed(0)} req/s p50 ${r.p50Ms.toFixed(2)} ms p99 ${r.p99Ms.toFixed(2)} ms errors ${r.errors}`
              : row.error),
        );
        await sleep(200);
      }
    }
  } finally {
    // stopAll (main.ts) stops every child; redis and the BFFs here too when this throws
    await redis.stop();
  }
  notes.push(
    `wrk ${durationS} s per run, closed loop, 2 threads; ${o.quick ? 'every Node target warmed up first by one 1 s run at c=16 (quick form: a smoke, its figures are not for comparison).' : 'every Node target warmed up first at c=16 until its rate settles (at least 2 runs, at most 10).'} All targets run at once and are measured one after another per concurrency, so each figure has its references seconds away; idle targets cost next to nothing meanwhile.`,
    'The BFF with sessions in Redis reads the session from Redis on every inference request (its lean path keeps no session copy), as several replicas must; the single process keeps them in memory.',
    'CPU per request: user + system time of the path’s processes (all workers and the cluster primary) over the run, from /proc, divided by the requests answered: what each request costs the proxy, much less moved by the machine’s load than req/s (the instructions counter is not available in this VM).',
    'The bare undici pass-through (passthrough.ts): undici’s `dispatch` with a handler that writes the answer straight to the client’s response (no Readable, promise or `stream.pipeline` per request), streaming the request body; a client that leaves aborts its upstream request. Since 2026-12-07; before, it used `request()` and `stream.pipeline`, which cost it about 2.4 times the CPU per request (side by side: 61–81 µs against 147–243 µs at c=16 and 64), so ratios against it from earlier runs are not comparable.',
    'The cluster module: the primary accepts connections and hands them round-robin to the workers (Node’s default on Linux); wrk keeps its connections, so that costs nothing per request.',
  );
  return { rows, warmUps, durationS, load: { start, end: currentLoad() }, notes };
}

const pct = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '–' : `${Math.round((a / b) * 100)}%`;
const mb = (b: number | undefined) => (b === undefined ? '' : `${(b / 1024 / 1024).toFixed(1)} MB`);
const msf = (n: number | undefined) => (n === undefined ? '–' : `${n < 1 ? n.toFixed(3) : n.toFixed(2)} ms`);
const loadf = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

/** For a target, the reference with as many processes: nginx with as many workers, the pass-through with as many. */
const sameN: Partial<Record<CeilingTargetId, { nginx: CeilingTargetId; undici: CeilingTargetId }>> = {
  'nginx-1': { nginx: 'nginx-1', undici: 'undici-1' },
  'nginx-2': { nginx: 'nginx-2', undici: 'undici-2' },
  'undici-1': { nginx: 'nginx-1', undici: 'undici-1' },
  'undici-2': { nginx: 'nginx-2', undici: 'undici-2' },
  'servedeck-1': { nginx: 'nginx-1', undici: 'undici-1' },
  'servedeck-redis-1': { nginx: 'nginx-1', undici: 'undici-1' },
  'servedeck-redis-2': { nginx: 'nginx-2', undici: 'undici-2' },
};

export function renderCeiling(r: CeilingResults): string {
  const lines = [
    '## Inference proxy at Node’s ceiling: processes against nginx workers (issue 20 item 1)',
    '',
    `Instant upstream (nginx \`return 200\`, its own 2 workers), the iris sample, POST. Load average at the phase’s start ${loadf(r.load.start)}, at its end ${loadf(r.load.end)} (1/5/15 min): every figure shares the 2 cores with wrk, the upstream and the other engineers’ work, so read the ratios within one concurrency.`,
    '',
    '| conc. | path | req/s | p50 | p99 | errors | vs nginx, same processes | vs bare undici, same processes | CPU per request | peak RSS |',
    '| --- | --- | ---: | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of r.rows) {
    const find = (id: CeilingTargetId | undefined) =>
      r.rows.find((x) => x.target === id && x.connections === row.connections)?.result?.rps;
    const ref = sameN[row.target];
    const res = row.result;
    lines.push(
      `| ${row.connections} | ${CEILING_LABEL[row.target]} | ${res ? res.rps.toFixed(0) : '–'} | ${msf(res?.p50Ms)} | ${msf(res?.p99Ms)} | ${res?.errors ?? row.error ?? '–'} | ${ref ? pct(res?.rps, find(ref.nginx)) : ''} | ${ref ? pct(res?.rps, find(ref.undici)) : ''} | ${row.cpuMsPerRequest === undefined ? '' : `${(row.cpuMsPerRequest * 1000).toFixed(0)} µs`} | ${mb(row.peakRss)} |`,
    );
  }
  lines.push('', ...r.notes.map((n) => `- ${n}`));
  const warm = Object.entries(r.warmUps).map(
    ([id, rates]) => `${CEILING_LABEL[id as CeilingTargetId]} ${rates?.map((x) => x.toFixed(0)).join(' → ')}`,
  );
  if (warm.length) lines.push(`- Warm-up rates (req/s, c=16): ${warm.join('; ')}.`);
  lines.push('');
  return lines.join('\n');
}
