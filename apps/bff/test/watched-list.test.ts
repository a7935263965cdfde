import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sClient } from '../src/k8s/client';
import type { K8sObject } from '../src/k8s/objects';
import { createLogger } from '../src/logger';
import { CollectionWatch, collectionSpec } from '../src/watch/collection-watch';
import { listJson } from '../src/watch/json';
import { gzipPieceOf, sendWatchedList } from '../src/watch/watched-list';

const obj = (ns: string, i: number, rv = '1'): K8sObject => ({
  kind: 'InferenceService',
  metadata: { name: `m-${i}`, namespace: ns, resourceVersion: rv, labels: { team: `t-${i % 3}`, note: 'é' } },
  spec: { predictor: { model: { storageUri: `gs://b/${ns}/${i}` } } },
});

/** A part filled by the test (never started): what the hub would hold for one namespace. */
function part(ns: string, count: number): CollectionWatch {
  const p = new CollectionWatch(
    collectionSpec('isvcs', ns, `/x/${ns}`),
    async () => undefined as K8sClient | undefined,
    createLogger('silent'),
  );
  for (let i = 0; i < count; i++) p.items.set(`${ns}/m-${i}`, obj(ns, i));
  p.generation = 1;
  return p;
}

function get(base: string, encoding: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(`${base}/list`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('a list answered from live watches, from per-namespace bytes', () => {
  const parts = [part('ns-0', 40), part('ns-1', 0), part('ns-2', 40), part('ns-3', 1)];
  const expected = () =>
    listJson(
      parts.map((p) => p.itemsJson()),
      undefined,
      [],
    );
  const app = express();
  app.get('/list', (req, res) => void sendWatchedList(req, res, parts, undefined, []));
  let server: ReturnType<typeof app.listen> | undefined;
  let base = '';
  beforeAll(async () => {
    const s = app.listen(0, '127.0.0.1');
    server = s;
    if (!s.listening) await new Promise((r) => s.once('listening', r));
    base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  it('answers the same JSON as one serialisation, gzip when the client takes it, else as it is', async () => {
    const gz = await get(base, 'gzip, deflate, br, zstd');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.headers.vary).toBe('Accept-Encoding');
    const text = zlib.gunzipSync(gz.body).toString('utf8');
    expect(text).toBe(expected());
    expect((JSON.parse(text) as { items: unknown[] }).items).toHaveLength(81);
    // compressed: the list is repetitive
    expect(gz.body.length * 5).toBeLessThan(Buffer.byteLength(text));

    const plain = await get(base, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(plain.body.toString('utf8')).toBe(expected());
  });

  it('compresses again only the namespace that changed', async () => {
    await get(base, 'gzip');
    const before = parts.map(gzipPieceOf);
    expect(before[0]).toBeDefined();
    const [p2] = [parts[2] as CollectionWatch];
    p2.items.set('ns-2/m-5', obj('ns-2', 5, '2'));
    p2.generation += 1;
    const gz = await get(base, 'gzip');
    const after = parts.map(gzipPieceOf);
    expect(after[0]).toBe(before[0]);
    expect(after[3]).toBe(before[3]);
    expect(after[2]).toBeDefined();
    expect(after[2]).not.toBe(before[2]);
    const text = zlib.gunzipSync(gz.body).toString('utf8');
    expect(text).toBe(expected());
    expect(text).toContain('"name":"m-5","namespace":"ns-2","resourceVersion":"2"');
    // and the JSON of a part whose compressed piece is made is made again for a client without gzip
    expect((await get(base, 'identity')).body.toString('utf8')).toBe(expected());
  });

  it('answers an empty list when every part is empty', async () => {
    const empty = [part('e-0', 0), part('e-1', 0)];
    const app2 = express();
    app2.get('/list', (req, res) => void sendWatchedList(req, res, empty, '7', []));
    const s2 = app2.listen(0, '127.0.0.1');
    if (!s2.listening) await new Promise((r) => s2.once('listening', r));
    const b2 = `http://127.0.0.1:${(s2.address() as AddressInfo).port}`;
    expect(zlib.gunzipSync((await get(b2, 'gzip')).body).toString()).toBe(
      '{"items":[],"resourceVersion":"7","warnings":[]}',
    );
    expect((await get(b2, 'identity')).body.toString()).toBe('{"items":[],"resourceVersion":"7","warnings":[]}');
    s2.close();
  });
});
