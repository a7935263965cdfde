import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { renderLoad, runLoad } from '../src/load';
import { percentile } from '../src/stats';

/** A fake BFF: SSE streams that send one RESYNC (or end at once), and an inference route. */
async function fakeBff(o: { endStreams?: boolean; failEvery?: number }): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/watch')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: change\ndata: {"type":"RESYNC","items":[]}\n\n');
      if (o.endStreams) res.end();
      return;
    }
    req.resume();
    req.on('end', () => {
      n++;
      if (o.failEvery && n % o.failEvery === 0) {
        res.writeHead(502, { 'content-type': 'application/json' }).end('{"reason":"BadGateway"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"predictions":[1]}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const base = {
  cookie: 'servedeck.sid=x',
  csrf: 't',
  streamPath: '/watch',
  inferPath: '/infer',
  inferBody: '{}',
  expectInBody: '"predictions":[1]',
  pid: process.pid,
};

describe('the load runner', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('counts resynced and open streams and right answers; no errors against a healthy server', async () => {
    const bff = await fakeBff({});
    servers.push(bff.server);
    const r = await runLoad({ ...base, url: bff.url, streams: 5, ratePerS: 20, durationS: 0.5 });
    expect(r.errorCount).toBe(0);
    expect(r.streams).toMatchObject({ wanted: 5, opened: 5, resynced: 5, openAtEnd: 5 });
    expect(r.inference).toMatchObject({ sent: 10, ok: 10 });
    expect(r.rss?.peak).toBeGreaterThan(0);
    expect(renderLoad(r, 'how')).toContain('| errors | 0 |');
  });

  it('counts streams the server ends and failed or wrong answers as errors', async () => {
    const bff = await fakeBff({ endStreams: true, failEvery: 2 });
    servers.push(bff.server);
    const r = await runLoad({
      ...base,
      url: bff.url,
      streams: 3,
      ratePerS: 20,
      durationS: 0.5,
      expectInBody: 'never',
    });
    expect(r.streams.openAtEnd).toBe(0);
    expect(r.inference.ok).toBe(0);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { what: 'stream: ended by the server', count: 3 },
        { what: 'inference: HTTP 502 BadGateway', count: 5 },
        { what: 'inference: 200 without the expected result', count: 5 },
      ]),
    );
    expect(r.errorCount).toBe(13);
  });

  it('takes percentiles by rank', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  });
});
