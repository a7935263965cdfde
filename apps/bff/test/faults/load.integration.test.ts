import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Client, type LocalBff, loginClient, repoRoot, startLocalBff, USER_NS } from '../security/harness';
import { ensureModel, IRIS, PREDICT } from './model-server';
import { upPrivate } from './private-sandbox';

/**
 * The short version of `npm run bench`'s load phase (the same runner, bench/src/load.ts, as a child process
 * so the load does not share the BFF's event loop): 200 stream clients and 50 inference requests per second
 * for 10 s. Zero errors; memory is reported, not asserted. One-namespace streams (the all-namespaces
 * fan-out is another issue's work).
 */
const STREAMS = Number(process.env.SERVEDECK_LOAD_STREAMS ?? 200);
const RATE = Number(process.env.SERVEDECK_LOAD_RATE ?? 50);
const DURATION_S = Number(process.env.SERVEDECK_LOAD_DURATION_S ?? 10);

/** What the test reads of the runner's JSON result (validated: it crosses a process boundary). */
const resultSchema = z.object({
  durationS: z.number(),
  streams: z.object({ wanted: z.number(), opened: z.number(), resynced: z.number(), openAtEnd: z.number() }),
  inference: z.object({
    sent: z.number(),
    ok: z.number(),
    p50Ms: z.number().optional(),
    p99Ms: z.number().optional(),
  }),
  errorCount: z.number(),
  errors: z.array(z.object({ what: z.string(), count: z.number() })),
  rss: z.object({ before: z.number(), peak: z.number(), after: z.number() }).optional(),
});

function runLoadCli(options: Record<string, unknown>): Promise<z.infer<typeof resultSchema>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'bench', 'src', 'load.ts'), JSON.stringify(options)],
      { cwd: join(repoRoot, 'bench'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
    });
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last) {
        reject(new Error(`the load runner exited ${code}: ${err.slice(-2000)}`));
        return;
      }
      try {
        resolve(resultSchema.parse(JSON.parse(last)));
      } catch (e) {
        reject(e);
      }
    });
  });
}

describe('load: concurrent stream clients and inference requests', () => {
  let bff: LocalBff;
  let user: Client;

  beforeAll(async () => {
    const sandbox = upPrivate();
    bff = await startLocalBff(sandbox, { SERVEDECK_SSE_HEARTBEAT_MS: '15000' });
    user = await loginClient(bff.url, sandbox, 'user@example.com');
    await ensureModel(user);
  }, 15 * 60_000);

  afterAll(async () => {
    await bff?.stop();
  });

  it(
    `${STREAMS} streams and ${RATE} inference requests/s for ${DURATION_S} s: zero errors, every stream resynced and open`,
    async () => {
      const r = await runLoadCli({
        url: bff.url,
        cookie: user.cookie,
        csrf: user.csrf,
        streams: STREAMS,
        streamPath: `/api/namespaces/${USER_NS}/watch/inferenceservices`,
        ratePerS: RATE,
        durationS: DURATION_S,
        inferPath: PREDICT,
        inferBody: IRIS,
        expectInBody: '"predictions":[1]',
        pid: process.pid,
      });
      const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
      process.stderr.write(
        `load: ${r.streams.resynced}/${STREAMS} streams, ${r.inference.ok}/${r.inference.sent} inferences in ${r.durationS} s, ` +
          `p50 ${r.inference.p50Ms} ms p99 ${r.inference.p99Ms} ms; test process (BFF inside) RSS ` +
          `${r.rss ? `${mb(r.rss.before)} -> peak ${mb(r.rss.peak)} -> ${mb(r.rss.after)}` : 'n/a'}\n`,
      );
      expect(r.errors).toEqual([]);
      expect(r.errorCount).toBe(0);
      expect(r.streams).toEqual({ wanted: STREAMS, opened: STREAMS, resynced: STREAMS, openAtEnd: STREAMS });
      expect(r.inference.sent).toBe(Math.round(RATE * DURATION_S));
      expect(r.inference.ok).toBe(r.inference.sent);
    },
    10 * 60_000,
  );
});
