/**
 * Load: N concurrent watch-stream clients and R inference requests per second through the BFF for D seconds,
 * counting every error and sampling the BFF's resident memory. One runner for both `npm run bench` (the
 * `load` phase, 60 s) and the short version in the BFF's fault tests (apps/bff/test/faults/load.integration.test.ts,
 * which runs this file as a CLI: `node --import tsx bench/src/load.ts '<options as JSON>'`, result as JSON on
 * the last line of stdout).
 * Over 300 lines: the runner, its CLI for the fault tests and its report table belong to one contract.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { z } from 'zod';
import { startBff } from './bff';
import { readMemory } from './machine';
import { BENCH_ISVC, BENCH_NS, ensureModelServer } from './model-server';
import { IRIS_SAMPLE } from './payloads';
import { sleep } from './procs';
import { repoRoot, type SandboxEnv } from './sandbox';
import { SseSplitter } from './sse-client';
import { percentile } from './stats';

export const loadOptionsSchema = z.object({
  /** The BFF, e.g. http://127.0.0.1:18089. */
  url: z.string().url(),
  /** The session cookie(s) of a signed-in user, and its CSRF token (inference is a POST). */
  cookie: z.string().min(1),
  csrf: z.string().min(1),
  streams: z.number().int().min(0),
  streamPath: z.string().startsWith('/'),
  ratePerS: z.number().min(0),
  durationS: z.number().positive(),
  inferPath: z.string().startsWith('/'),
  inferBody: z.string(),
  /** An answer counts as right when it is a 200 whose body contains this. */
  expectInBody: z.string(),
  /** The BFF's process id: its RSS is sampled from /proc (absent: no memory figures). */
  pid: z.number().int().positive().optional(),
  /** A request without its whole answer after this long is an error (a hang). */
  requestTimeoutMs: z.number().int().positive().default(30_000),
});
export type LoadOptions = z.input<typeof loadOptionsSchema>;

export const loadResultsSchema = z.object({
  durationS: z.number(),
  streams: z.object({
    wanted: z.number(),
    opened: z.number(),
    /** Streams whose first RESYNC arrived. */
    resynced: z.number(),
    /** Still open when the run ended (closed by us, not by the BFF). */
    openAtEnd: z.number(),
    /** Time from opening to the first RESYNC. */
    resyncP50Ms: z.number().optional(),
    resyncMaxMs: z.number().optional(),
    bytes: z.number(),
  }),
  inference: z.object({
    sent: z.number(),
    ok: z.number(),
    /** Requests per second actually answered. */
    achievedPerS: z.number(),
    p50Ms: z.number().optional(),
    p90Ms: z.number().optional(),
    p99Ms: z.number().optional(),
    maxMs: z.number().optional(),
  }),
  errorCount: z.number(),
  /** The first errors (what and how often), for the report. */
  errors: z.array(z.object({ what: z.string(), count: z.number() })),
  /** The BFF's RSS in bytes: before the load, the peak while it ran, and a few seconds after it stopped. */
  rss: z.object({ before: z.number(), peak: z.number(), after: z.number() }).optional(),
});
export type LoadResults = z.infer<typeof loadResultsSchema>;

const rssOf = (pid: number): number | undefined => readMemory(pid, 'VmRSS');

class Errors {
  readonly counts = new Map<string, number>();
  total = 0;
  add(what: string): void {
    this.total++;
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
  list(): Array<{ what: string; count: number }> {
    return [...this.counts].slice(0, 20).map(([what, count]) => ({ what, count }));
  }
}

type StreamClient = { opened: boolean; resyncAt?: number; ended: boolean; close(): void };

/** One SSE client: counts it as resynced at its first RESYNC; any `event: error` or early end is an error. */
function openStream(o: z.output<typeof loadOptionsSchema>, errors: Errors, bytes: { n: number }): StreamClient {
  const started = performance.now();
  let closing = false;
  const c: StreamClient = { opened: false, ended: false, close: () => {} };
  const req = request(
    `${o.url}${o.streamPath}`,
    { agent: false, headers: { cookie: o.cookie, accept: 'text/event-stream' } },
    (res) => {
      if (res.statusCode !== 200) {
        errors.add(`stream: HTTP ${res.statusCode}`);
        c.ended = true;
        res.resume();
        return;
      }
      c.opened = true;
      res.setEncoding('utf8');
      const splitter = new SseSplitter((m) => {
        if (m.event === 'error') errors.add(`stream: error event ${/"reason":"([^"]+)"/.exec(m.data)?.[1] ?? ''}`);
        else if (c.resyncAt === undefined && m.data.includes('"type":"RESYNC"'))
          c.resyncAt = performance.now() - started;
      });
      res.on('data', (chunk: string) => {
        bytes.n += chunk.length;
        splitter.push(chunk);
      });
      res.on('end', () => {
        c.ended = true;
        if (!closing) errors.add('stream: ended by the server');
      });
      res.on('error', () => {});
    },
  );
  req.on('error', (err) => {
    c.ended = true;
    if (!closing) errors.add(`stream: ${err.message}`);
  });
  req.end();
  c.close = () => {
    closing = true;
    req.destroy();
  };
  return c;
}

/** One inference request; resolves with its latency (ms) when it was answered 200 with the expected body. */
function infer(
  o: z.output<typeof loadOptionsSchema>,
  agent: Agent,
  errors: Errors,
  body: Buffer,
): Promise<number | undefined> {
  const t0 = performance.now();
  return new Promise((done) => {
    const req = request(
      `${o.url}${o.inferPath}`,
      {
        method: 'POST',
        agent,
        timeout: o.requestTimeoutMs,
        headers: {
          cookie: o.cookie,
          'x-csrf-token': o.csrf,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            errors.add(`inference: HTTP ${res.statusCode} ${/"reason":"([^"]+)"/.exec(text)?.[1] ?? ''}`.trim());
            done(undefined);
          } else if (!text.includes(o.expectInBody)) {
            errors.add('inference: 200 without the expected result');
            done(undefined);
          } else done(performance.now() - t0);
        });
        res.on('error', (err) => {
          errors.add(`inference: ${err.message}`);
          done(undefined);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${o.requestTimeoutMs} ms`)));
    req.on('error', (err) => {
      errors.add(`inference: ${err.message}`);
      done(undefined);
    });
    req.end(body);
  });
}

/**
 * Open the streams (all at once), wait for their RESYNCs (at most 60 s), then send inference requests at a
 * fixed rate (open loop: a slow answer does not hold the next request back) for `durationS`, keep the streams
 * open meanwhile, and close everything.
 */
export async function runLoad(input: LoadOptions, log: (s: string) => void = () => {}): Promise<LoadResults> {
  const o = loadOptionsSchema.parse(input);
  const errors = new Errors();
  const bytes = { n: 0 };
  const rss = o.pid === undefined ? undefined : { before: rssOf(o.pid) ?? 0, peak: 0, after: 0 };
  const sampler =
    o.pid === undefined || !rss
      ? undefined
      : setInterval(() => {
          rss.peak = Math.max(rss.peak, rssOf(o.pid ?? 0) ?? 0);
        }, 250);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const body = Buffer.from(o.inferBody);
  const streams = Array.from({ length: o.streams }, () => openStream(o, errors, bytes));
  const t0 = performance.now();
  while (streams.some((s) => !s.ended && s.resyncAt === undefined) && performance.now() - t0 < 60_000) await sleep(100);
  log(`${streams.filter((s) => s.resyncAt !== undefined).length}/${o.streams} streams resynced`);

  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  let sent = 0;
  const start = performance.now();
  const total = Math.round(o.ratePerS * o.durationS);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / o.ratePerS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sent++;
    pending.push(
      infer(o, agent, errors, body).then((ms) => {
        if (ms !== undefined) latencies.push(ms);
      }),
    );
  }
  const remaining = start + o.durationS * 1000 - performance.now();
  if (remaining > 0) await sleep(remaining);
  await Promise.all(pending);
  const elapsedS = (performance.now() - start) / 1000;
  const openAtEnd = streams.filter((s) => s.opened && !s.ended).length;
  for (const s of streams) s.close();
  agent.destroy();
  if (sampler) clearInterval(sampler);
  if (rss && o.pid !== undefined) {
    await sleep(3000);
    rss.after = rssOf(o.pid) ?? 0;
    rss.peak = Math.max(rss.peak, rss.after, rss.before);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const resyncs = streams.flatMap((s) => (s.resyncAt === undefined ? [] : [s.resyncAt])).sort((a, b) => a - b);
  for (const s of streams) if (s.resyncAt === undefined && !s.ended) errors.add('stream: no RESYNC in 60 s');
  const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 10) / 10);
  const opt = (k: string, n: number | undefined) => (n === undefined ? {} : { [k]: round(n) });
  return loadResultsSchema.parse({
    durationS: round(elapsedS),
    streams: {
      wanted: o.streams,
      opened: streams.filter((s) => s.opened).length,
      resynced: resyncs.length,
      openAtEnd,
      ...opt('resyncP50Ms', percentile(resyncs, 50)),
      ...opt('resyncMaxMs', resyncs.at(-1)),
      bytes: bytes.n,
    },
    inference: {
      sent,
      ok: latencies.length,
      achievedPerS: round(latencies.length / elapsedS),
      ...opt('p50Ms', percentile(sorted, 50)),
      ...opt('p90Ms', percentile(sorted, 90)),
      ...opt('p99Ms', percentile(sorted, 99)),
      ...opt('maxMs', sorted.at(-1)),
    },
    errorCount: errors.total,
    errors: errors.list(),
    ...(rss ? { rss } : {}),
  });
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** The markdown section `npm run bench` adds to its report. */
export function renderLoad(r: LoadResults, how: string): string {
  const lines = [
    '## Load: concurrent streams and inference',
    '',
    how,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| errors | ${r.errorCount}${r.errors.length ? ` (${r.errors.map((e) => `${e.what} ×${e.count}`).join('; ')})` : ''} |`,
    `| streams opened / got their RESYNC / still open at the end | ${r.streams.opened} / ${r.streams.resynced} / ${r.streams.openAtEnd} of ${r.streams.wanted} |`,
    `| time to RESYNC p50 / max | ${r.streams.resyncP50Ms ?? '–'} ms / ${r.streams.resyncMaxMs ?? '–'} ms |`,
    `| inference sent / answered right | ${r.inference.sent} / ${r.inference.ok} (${r.inference.achievedPerS}/s over ${r.durationS} s) |`,
    `| inference p50 / p90 / p99 / max | ${r.inference.p50Ms ?? '–'} / ${r.inference.p90Ms ?? '–'} / ${r.inference.p99Ms ?? '–'} / ${r.inference.maxMs ?? '–'} ms |`,
    ...(r.rss
      ? [`| BFF RSS before / peak / 3 s after | ${mb(r.rss.before)} / ${mb(r.rss.peak)} / ${mb(r.rss.after)} |`]
      : []),
    '',
  ];
  return lines.join('\n');
}

export type LoadPhaseResults = { results: LoadResults; how: string };

/**
 * `npm run bench`'s load phase: the BFF as its own process (the bundle), `streams` one-namespace stream
 * clients of one user on servedeck-bench, and `ratePerS` V2 inference requests on the bench's iris model
 * through the BFF's proxy (gateway route) for `durationS`. The results also go to bench/.out/load-*.json.
 */
export async function runLoadPhase(o: {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  streams: number;
  ratePerS: number;
  durationS: number;
  quick: boolean;
  log: (s: string) => void;
}): Promise<LoadPhaseResults> {
  await ensureModelServer(o.kube, o.sandbox.stateDir, 'user@example.com', o.log);
  const bff = await startBff({ sandbox: o.sandbox, logDir: o.dir, name: 'load', namespaces: [BENCH_NS] });
  try {
    o.log(`load: ${o.streams} streams, ${o.ratePerS} inference requests/s for ${o.durationS} s`);
    const results = await runLoad(
      {
        url: bff.url,
        cookie: bff.session.cookie,
        csrf: bff.session.csrf,
        streams: o.streams,
        streamPath: `/api/namespaces/${BENCH_NS}/watch/inferenceservices`,
        ratePerS: o.ratePerS,
        durationS: o.durationS,
        inferPath: `/api/namespaces/${BENCH_NS}/inferenceservices/${BENCH_ISVC}/infer/v2/models/${BENCH_ISVC}/infer`,
        inferBody: readFileSync(IRIS_SAMPLE, 'utf8'),
        // the seed's two iris rows are both class 1 (MLServer: `"data":[1,1]` in the `predict` output)
        expectInBody: '"data":[1,1]',
        pid: bff.child.pid,
      },
      o.log,
    );
    const file = join(repoRoot, 'bench', '.out', `load-${o.quick ? 'quick' : 'full'}.json`);
    mkdirSync(join(repoRoot, 'bench', '.out'), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 1));
    o.log(`load: ${results.errorCount} errors, p50 ${results.inference.p50Ms} ms, p99 ${results.inference.p99Ms} ms`);
    const how =
      `${o.streams} stream clients (one user, \`/api/namespaces/${BENCH_NS}/watch/inferenceservices\`) and ` +
      `${o.ratePerS} V2 inference requests per second (the seed's iris sample, through the BFF's proxy and the ` +
      `sandbox gateway to ${BENCH_ISVC}) for ${o.durationS} s, open loop; the BFF is ${bff.how}. Latency is ` +
      'from sending a request to its whole answer; RSS is sampled every 250 ms from /proc.';
    return { results, how };
  } finally {
    await bff.child.stop();
  }
}

const isEntry = process.argv[1] !== undefined && /load\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const raw = process.argv[2];
  if (!raw) {
    process.stderr.write("usage: node --import tsx bench/src/load.ts '<options as JSON>'\n");
    process.exit(2);
  }
  runLoad(JSON.parse(raw) as LoadOptions, (s) => process.stderr.write(`[load] ${s}\n`)).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`[load] failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
