/**
 * `npm run bench -- --only=sse` (issue 20 item 4): BFF memory with 50 stream clients that read at 64 kB/s while
 * the objects they watch change faster than that (patches of ~10 KB objects, 20 a second: ~200 kB/s of events
 * per client). Two BFFs in one run, one after the other: the default bound on what may wait behind a slow
 * client (SERVEDECK_SSE_MAX_BUFFER_BYTES, 4 MiB: the client is dropped and reconnects to a RESYNC) and
 * unbounded (0: what the BFF did before). Each client is a raw TCP connection that reads through a token
 * bucket and reconnects 3 s after the BFF closes it, as EventSource does (`retry: 3000`).
 */

import { connect, type Socket } from 'node:net';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { startBff } from './bff';
import { ensureUserNamespace, inBatches, isvcPath, isvcsPath } from './kube';
import { currentLoad, readMemory } from './machine';
import { BENCH_LABELS } from './model-server';
import { sleep } from './procs';
import type { SandboxEnv } from './sandbox';
import { scaleName, scaleObject } from './scale-objects';

export const SSE_NS = 'servedeck-bench-sse';
const PAD = 'x'.repeat(8 * 1024);

export type SlowVariant = {
  name: string;
  maxBufferBytes: number | undefined;
  rssBefore: number | undefined;
  rssPeak: number | undefined;
  rssEnd: number | undefined;
  /** Connections the BFF closed (a dropped client), over all clients. */
  drops: number;
  /** RESYNC messages the clients received (the first of each connection included). */
  resyncs: number;
  connections: number;
  bytesRead: number;
  /** Clients with at least one byte of a RESYNC. */
  clientsServed: number;
  patches: number;
  durationS: number;
};

export type SseSlowResults = {
  clients: number;
  bytesPerS: number;
  objects: number;
  objectBytes: number;
  patchesPerS: number;
  variants: SlowVariant[];
  load: { start: number[]; end: number[] };
  how: string;
};

/** Counts occurrences of `needle` in a byte stream split into chunks (a match may span two chunks). */
export class ChunkCounter {
  count = 0;
  private tail = '';
  constructor(private readonly needle: string) {}
  push(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1');
    let at = text.indexOf(this.needle);
    while (at !== -1) {
      this.count++;
      at = text.indexOf(this.needle, at + this.needle.length);
    }
    this.tail = text.slice(Math.max(0, text.length - this.needle.length + 1));
  }
}

/** A stream client reading at most `bytesPerS` (token bucket), reconnecting 3 s after the server closes it. */
class SlowClient {
  bytes = 0;
  connections = 0;
  drops = 0;
  private readonly resync = new ChunkCounter('"type":"RESYNC"');
  private socket: Socket | undefined;
  private stopped = false;
  private readonly started = Date.now();

  constructor(
    private readonly port: number,
    private readonly path: string,
    private readonly cookie: string,
    private readonly bytesPerS: number,
  ) {}

  get resyncs(): number {
    return this.resync.count;
  }

  open(): void {
    if (this.stopped) return;
    this.connections++;
    const s = connect(this.port, '127.0.0.1');
    this.socket = s;
    s.on('connect', () => {
      s.write(
        `GET ${this.path} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nAccept: text/event-stream\r\nCookie: ${this.cookie}\r\n\r\n`,
      );
    });
    s.on('data', (d: Buffer) => {
      this.bytes += d.byteLength;
      this.resync.push(d);
      const allowed = ((Date.now() - this.started) / 1000) * this.bytesPerS;
      if (this.bytes > allowed) {
        s.pause();
        setTimeout(() => s.resume(), ((this.bytes - allowed) / this.bytesPerS) * 1000).unref();
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (this.stopped) return;
      this.drops++;
      setTimeout(() => this.open(), 3000).unref();
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.destroy();
  }
}

async function populate(kube: KubeRest, objects: number): Promise<void> {
  await ensureUserNamespace(kube, SSE_NS, 'user@example.com', BENCH_LABELS);
  await inBatches(
    Array.from({ length: objects }, (_, i) => i),
    16,
    async (i) => {
      const obj = scaleObject(SSE_NS, i, false) as { metadata: { annotations: Record<string, string> } };
      obj.metadata.annotations['servedeck.dev/bench-pad'] = PAD;
      await kube.ensure(isvcsPath(SSE_NS), obj);
    },
  );
}

async function runVariant(
  o: { dir: string; sandbox: SandboxEnv; kube: KubeRest; log: (s: string) => void },
  v: { name: string; maxBufferBytes: number | undefined },
  p: { clients: number; bytesPerS: number; objects: number; patchesPerS: number; durationS: number },
): Promise<SlowVariant & { how: string }> {
  const bff = await startBff({
    sandbox: o.sandbox,
    logDir: o.dir,
    name: `sse-${v.name}`,
    namespaces: [SSE_NS],
    env: v.maxBufferBytes === undefined ? {} : { SERVEDECK_SSE_MAX_BUFFER_BYTES: String(v.maxBufferBytes) },
  });
  const pid = bff.child.pid;
  const port = Number(new URL(bff.url).port);
  const clients: SlowClient[] = [];
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, readMemory(pid, 'VmRSS') ?? 0);
  }, 250);
  let patches = 0;
  try {
    // one list first, so every stream starts from the BFF's live watch
    await fetch(`${bff.url}/api/namespaces/${SSE_NS}/inferenceservices`, {
      headers: { cookie: bff.session.cookie },
    }).then((r) => r.arrayBuffer());
    const rssBefore = readMemory(pid, 'VmRSS');
    o.log(
      `sse ${v.name}: ${p.clients} clients at ${p.bytesPerS / 1024} kB/s, ${p.patchesPerS} patches/s for ${p.durationS} s`,
    );
    for (let i = 0; i < p.clients; i++) {
      const c = new SlowClient(
        port,
        `/api/namespaces/${SSE_NS}/watch/inferenceservices`,
        bff.session.cookie,
        p.bytesPerS,
      );
      clients.push(c);
      c.open();
    }
    const t0 = Date.now();
    const deadline = t0 + p.durationS * 1000;
    const gap = 1000 / p.patchesPerS;
    // 4 writers, each patching a different object's label, paced to patchesPerS in all
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let k = w; Date.now() < deadline; k += 4) {
          const due = t0 + k * gap;
          if (due > Date.now()) await sleep(due - Date.now());
          const name = scaleName(k % p.objects);
          await o.kube
            .call(
              'PATCH',
              isvcPath(SSE_NS, name),
              { metadata: { labels: { 'bench-tick': String(k) } } },
              'application/merge-patch+json',
            )
            .then((r) => {
              if (r.status === 200) patches++;
            })
            .catch(() => undefined);
        }
      }),
    );
    const durationS = (Date.now() - t0) / 1000;
    const rssEnd = readMemory(pid, 'VmRSS');
    return {
      name: v.name,
      maxBufferBytes: v.maxBufferBytes,
      rssBefore,
      rssPeak: peak || undefined,
      rssEnd,
      drops: clients.reduce((a, c) => a + c.drops, 0),
      resyncs: clients.reduce((a, c) => a + c.resyncs, 0),
      connections: clients.reduce((a, c) => a + c.connections, 0),
      bytesRead: clients.reduce((a, c) => a + c.bytes, 0),
      clientsServed: clients.filter((c) => c.resyncs > 0).length,
      patches,
      durationS,
      how: bff.how,
    };
  } finally {
    clearInterval(sampler);
    for (const c of clients) c.stop();
    await bff.child.stop();
  }
}

export async function runSseSlowPhase(o: {
  dir: string;
  sandbox: SandboxEnv;
  kube: KubeRest;
  quick: boolean;
  log: (s: string) => void;
}): Promise<SseSlowResults> {
  const start = currentLoad();
  const p = {
    clients: 50,
    bytesPerS: 64 * 1024,
    objects: o.quick ? 50 : 200,
    patchesPerS: 20,
    durationS: o.quick ? 6 : 60,
  };
  o.log(`sse: ${p.objects} InferenceServices of ~10 KB in ${SSE_NS}`);
  await populate(o.kube, p.objects);
  const variants: SlowVariant[] = [];
  let how = '';
  try {
    for (const v of [
      { name: 'bounded (default, 4 MiB)', maxBufferBytes: undefined },
      { name: 'unbounded (0)', maxBufferBytes: 0 },
    ]) {
      const r = await runVariant(o, v, p);
      how = r.how;
      variants.push(r);
    }
  } finally {
    await o.kube.call('DELETE', isvcsPath(SSE_NS)).catch(() => undefined);
  }
  const objectBytes = JSON.stringify(scaleObject(SSE_NS, 0, false)).length + PAD.length;
  return { ...p, objectBytes, variants, load: { start, end: currentLoad() }, how };
}

const mb = (b: number | undefined) => (b === undefined ? '–' : `${(b / 1024 / 1024).toFixed(0)} MB`);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

export function renderSseSlow(r: SseSlowResults): string {
  return [
    '## Slow stream clients (SSE back-pressure, issue 20 item 4)',
    '',
    `${r.clients} clients of one user stream \`/api/namespaces/${SSE_NS}/watch/inferenceservices\` (${r.objects} InferenceServices of ~${Math.round(r.objectBytes / 1024)} KB) and each reads at most ${r.bytesPerS / 1024} kB/s, while the objects are patched ${r.patchesPerS} times a second (~${Math.round((r.patchesPerS * r.objectBytes) / 1024)} kB/s of events per client: more than it reads). A client the BFF closes reconnects after 3 s, as EventSource does. Two BFFs one after the other, in one run; load average at the start ${load(r.load.start)}, at the end ${load(r.load.end)}. BFF: ${r.how}.`,
    '',
    '| SERVEDECK_SSE_MAX_BUFFER_BYTES | BFF RSS before / peak / end | clients dropped (reconnected) | RESYNCs received | read by the clients | patches | run |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.variants.map(
      (v) =>
        `| ${v.name} | ${mb(v.rssBefore)} / ${mb(v.rssPeak)} / ${mb(v.rssEnd)} | ${v.drops} | ${v.resyncs} (${v.clientsServed} of ${r.clients} clients) | ${mb(v.bytesRead)} | ${v.patches} | ${v.durationS.toFixed(0)} s |`,
    ),
    '',
    '- RSS from /proc/PID/status (VmRSS, sampled every 250 ms). A dropped client has its buffered writes freed; on reconnect it gets a fresh RESYNC from the live watch.',
    '',
  ].join('\n');
}
