/**
 * `node scripts/pnpm.mjs --filter @servedeck/bench exec tsx src/cold-list.ts [--bundle=PATH] [--objects=5000]`:
 * one namespace of N InferenceServices listed through a BFF bundle (default apps/bff/dist/main.js; pass an
 * older build to compare). Prints JSON: the cold list (from the apiserver: time to the answer's head, to
 * its first item, to its end; bytes), the warm list (from the user's watch cache, a stream open: bytes on
 * the wire as is, br and gzip), and the BFF's CPU per warm list answer (identity and br), read from
 * /proc/PID/stat. The objects are created once (409 = there) with the list-scale bench's specs and statuses.
 */

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeRest } from '@servedeck/sandbox/kube';
import { login, pickRedirectPort } from './bff';
import { ensureUserNamespace, inBatches, isvcPath, isvcsPath } from './kube';
import { httpOk, startChild, stopAll, waitFor } from './procs';
import { ensureSandbox, repoRoot } from './sandbox';
import { scaleName, scaleObject, scaleStatus } from './scale-objects';

const NS = 'servedeck-bench-cold';
const arg = (k: string): string | undefined => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
const log = (s: string): void => {
  process.stderr.write(`[cold-list ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
};

type Timed = { headMs: number; firstItemMs: number; endMs: number; bytes: number; encoding: string | null };

/** One GET, timed on the raw socket: head, first item (`"metadata"` seen), end; bytes as sent. */
function timedGet(url: string, headers: Record<string, string>): Promise<Timed> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const req = httpRequest(url, { headers }, (res) => {
      const headMs = performance.now() - t0;
      let firstItemMs = -1;
      let bytes = 0;
      const plain = !res.headers['content-encoding'];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (firstItemMs < 0 && (!plain || c.includes('"metadata"'))) firstItemMs = performance.now() - t0;
      });
      res.on('end', () =>
        done({
          headMs,
          firstItemMs,
          endMs: performance.now() - t0,
          bytes,
          encoding: res.headers['content-encoding'] ?? null,
        }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** CPU time (user + system, ms) of a process so far. */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const objects = Number(arg('objects') ?? 5000);
  const bundle = arg('bundle') ?? join(repoRoot, 'apps', 'bff', 'dist', 'main.js');
  const env = await ensureSandbox(log);
  const kube = KubeRest.fromKubeconfig(env.kubeconfig);
  await ensureUserNamespace(kube, NS, 'user@example.com', { 'app.kubernetes.io/part-of': 'servedeck-bench' });
  const have = await kube.must('GET', `${isvcsPath(NS)}?limit=1`);
  const count = (have.body as { metadata?: { remainingItemCount?: number } }).metadata?.remainingItemCount ?? 0;
  if (count + 1 < objects) {
    log(`creating ${objects} InferenceServices in ${NS} (once)`);
    let done = 0;
    await inBatches(
      Array.from({ length: objects }, (_, i) => i),
      16,
      async (i) => {
        // stopped: real KServe reconciles these (it does not know the ignore annotation); no model servers
        await kube.ensure(isvcsPath(NS), scaleObject(NS, i, false));
        await kube.must(
          'PATCH',
          `${isvcPath(NS, scaleName(i))}/status`,
          { status: scaleStatus(NS, i) },
          'application/merge-patch+json',
        );
        if (++done % 500 === 0) log(`  ${done}/${objects}`);
      },
    );
  }
  const port = await pickRedirectPort(env.redirectPorts);
  const url = `http://127.0.0.1:${port}`;
  log(`starting ${bundle} on ${url}`);
  const child = startChild('bff-cold-list', process.execPath, [bundle], {
    cwd: join(repoRoot, 'apps', 'bff'),
    env: {
      ...process.env,
      ...env.bff,
      SERVEDECK_PORT: String(port),
      SERVEDECK_HOST: '127.0.0.1',
      SERVEDECK_PUBLIC_URL: url,
      SERVEDECK_PASSWORD_LOGIN: 'true',
      SERVEDECK_NAMESPACES: NS,
      SERVEDECK_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    log: join(tmpdir(), 'bff-cold-list.log'),
  });
  try {
    await waitFor(`the BFF at ${url}`, () => httpOk(`${url}/healthz`), 60_000);
    const user = env.logins.find((l) => l.email === 'user@example.com');
    if (!user) throw new Error('no user@example.com login');
    const s = await login(url, user.email, user.password);
    const list = `${url}/api/namespaces/${NS}/inferenceservices`;
    const h = (enc: string) => ({ cookie: s.cookie, 'accept-encoding': enc });

    log('cold lists (no stream open: from the apiserver), 5 runs');
    await timedGet(list, h('identity')); // warms the BFF's connections and code
    const cold: Timed[] = [];
    for (let i = 0; i < 5; i++) cold.push(await timedGet(list, h('identity')));
    const coldBr = await timedGet(list, h('br, gzip'));

    log('warm lists (a stream open: from the watch cache)');
    const ac = new AbortController();
    const sse = await fetch(`${url}/api/namespaces/${NS}/watch/inferenceservices`, {
      headers: { cookie: s.cookie },
      signal: ac.signal,
    });
    const reader = sse.body?.getReader();
    let seen = '';
    const dec = new TextDecoder();
    while (reader && !seen.includes('"type":"RESYNC"')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += dec.decode(value, { stream: true });
    }
    const warm = await timedGet(list, h('identity'));
    const warmBr = await timedGet(list, h('br'));
    const warmGzip = await timedGet(list, h('gzip'));
    const reps = 20;
    const cpuPer = async (enc: string): Promise<number> => {
      const before = cpuMs(child.pid);
      for (let i = 0; i < reps; i++) await timedGet(list, h(enc));
      return (cpuMs(child.pid) - before) / reps;
    };
    const cpuIdentity = await cpuPer('identity');
    const cpuBr = await cpuPer('br');
    // one change: the next br answer pays for one compression of the whole list
    const before = cpuMs(child.pid);
    await kube.must(
      'PATCH',
      isvcPath(NS, scaleName(0)),
      { metadata: { annotations: { 'servedeck.dev/bench-touch': String(Date.now()) } } },
      'application/merge-patch+json',
    );
    await new Promise((r) => setTimeout(r, 1000));
    const afterChange = await timedGet(list, h('br'));
    const cpuChangeBr = cpuMs(child.pid) - before;
    ac.abort();
    const out = {
      bundle,
      objects,
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      cold: {
        runs: cold,
        medianHeadMs: median(cold.map((c) => c.headMs)),
        medianFirstItemMs: median(cold.map((c) => c.firstItemMs)),
        medianEndMs: median(cold.map((c) => c.endMs)),
        bytes: cold[0]?.bytes,
        br: coldBr,
      },
      warm: { identity: warm, br: warmBr, gzip: warmGzip },
      cpuMsPerWarmAnswer: { identity: cpuIdentity, br: cpuBr, reps },
      cpuMsFirstBrAnswerAfterAChange: { cpuMs: cpuChangeBr, answer: afterChange },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await child.stop();
    await stopAll();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
