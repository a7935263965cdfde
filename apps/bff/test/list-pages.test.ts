import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClusterApp } from './helpers/app';
import { FakeServer, status } from './helpers/fake-apiserver';
import { FakeCollections, isvc, listen, passwordLogin, serveCollections } from './helpers/fake-collections';
import { SseReader } from './helpers/sse-reader';
import { until } from './helpers/until';

const PATH = '/apis/serving.kserve.io/v1beta1/namespaces/big/inferenceservices';
type ListBody = { items: Array<{ metadata: { name: string } }>; resourceVersion?: string; warnings: string[] };

/** A namespace of `n` objects answering limit/continue pages; a page can be held, or refused. */
class PagedCollection {
  readonly seen: Array<{ limit: string | null; cont: string | null }> = [];
  hold: Promise<void> | undefined;
  failToken: string | undefined;
  constructor(readonly n: number) {}
  install(api: FakeServer): void {
    api.on('GET', PATH, async (req, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      const limit = u.searchParams.get('limit');
      const cont = u.searchParams.get('continue');
      this.seen.push({ limit, cont });
      if (cont) await this.hold;
      if (cont && cont === this.failToken) {
        res.writeHead(410, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status(410, 'Expired', 'The provided continue parameter is too old')));
        return;
      }
      const from = cont ? Number(cont) : 0;
      const to = limit ? Math.min(this.n, from + Number(limit)) : this.n;
      const items = Array.from({ length: to - from }, (_, i) => isvc('big', `m-${from + i}`, '7'));
      const metadata = { resourceVersion: '7', ...(to < this.n ? { continue: String(to) } : {}) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items, metadata }));
    });
  }
}

describe('lists from the apiserver in pages of 500 (limit/continue)', () => {
  const api = new FakeServer();
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('asks for pages of 500, writes the first page before the later ones are in, answers every object', async () => {
    const col = new PagedCollection(1_234);
    col.install(api);
    let release: () => void = () => {};
    col.hold = new Promise((r) => {
      release = r;
    });
    const { app } = await fakeClusterApp(api);
    const srv = await listen(app);
    const cookie = await passwordLogin(srv.base, 'user@example.com');
    const res = await fetch(`${srv.base}/api/namespaces/big/inferenceservices`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const dec = new TextDecoder();
    let text = '';
    // the later pages are held: the first page alone must reach the client
    while (!text.includes('"m-499"')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the answer ended before the first page');
      text += dec.decode(value, { stream: true });
    }
    expect(text).not.toContain('"m-500"');
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    const body = JSON.parse(text) as ListBody;
    expect(body.items.map((o) => o.metadata.name)).toEqual(Array.from({ length: 1_234 }, (_, i) => `m-${i}`));
    expect(body.resourceVersion).toBe('7');
    expect(body.warnings).toEqual([]);
    expect(col.seen).toEqual([
      { limit: '500', cont: null },
      { limit: '500', cont: '500' },
      { limit: '500', cont: '1000' },
    ]);
    await srv.close();
  });

  it('a later page that fails ends the list with a warning naming the namespace (the status is out)', async () => {
    const col = new PagedCollection(1_100);
    col.failToken = '1000';
    col.install(api);
    const { app } = await fakeClusterApp(api);
    const srv = await listen(app);
    const cookie = await passwordLogin(srv.base, 'user@example.com');
    const res = await fetch(`${srv.base}/api/namespaces/big/inferenceservices`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    expect(body.items).toHaveLength(1_000);
    expect(body.warnings).toEqual([
      'big: the list is incomplete (a later page failed): Expired: The provided continue parameter is too old',
    ]);
    await srv.close();
  });
});

describe('compressed JSON answers', () => {
  const cols = new FakeCollections(['ns-0'], (user, ns) =>
    Array.from({ length: 200 }, (_, i) => isvc(ns, `${user}-model-${i}`, '10')),
  );
  const api = serveCollections(cols);

  it('lists are compressed (br, else gzip; the warm list from the watch cache gzip, from per-namespace pieces); streams never', async () => {
    const { app } = await fakeClusterApp(api);
    const srv = await listen(app);
    const cookie = await passwordLogin(srv.base, 'user@example.com');
    const url = `${srv.base}/api/namespaces/ns-0/inferenceservices`;
    const raw = async (enc: string) => {
      const r = await fetch(url, { headers: { cookie, 'accept-encoding': enc } });
      return { enc: r.headers.get('content-encoding'), bytes: Buffer.from(await r.arrayBuffer()) };
    };
    const cold = await raw('identity');
    expect(cold.enc).toBeNull();
    const plain = JSON.parse(cold.bytes.toString('utf8')) as ListBody;
    expect(plain.items).toHaveLength(200);

    const coldBr = await fetch(url, { headers: { cookie, 'accept-encoding': 'br' } });
    expect(coldBr.headers.get('content-encoding')).toBe('br');
    expect(((await coldBr.json()) as ListBody).items).toHaveLength(200);

    const sse = await SseReader.open(`${srv.base}/api/namespaces/ns-0/watch/inferenceservices`, {
      cookie,
      'accept-encoding': 'br, gzip',
    });
    expect(sse.status).toBe(200);
    await sse.until(() => sse.changes().length >= 1, 'the RESYNC');
    expect(sse.text).toContain('"type":"RESYNC"'); // readable as sent: not compressed
    await until(() => cols.watches.length === 1, 'the watch');

    // from the watch cache: gzip joined from per-namespace pieces, also for clients that take br
    // (watched-list.ts); a client taking only br gets the middleware's br
    const warm = await fetch(url, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(warm.headers.get('content-encoding')).toBe('gzip');
    expect(warm.headers.get('vary')).toContain('Accept-Encoding');
    expect(await warm.json()).toEqual(plain);
    const br = await fetch(url, { headers: { cookie, 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.json()).toEqual(plain);
    const warmPlain = await raw('identity');
    expect(warmPlain.enc).toBeNull();
    expect(warmPlain.bytes.toString('utf8')).toBe(cold.bytes.toString('utf8'));
    await sse.close();
    await srv.close();
  });
});
