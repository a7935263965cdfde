import { EventEmitter, once } from 'node:events';
import { type AddressInfo, connect, type Socket } from 'node:net';
import express, { type Response } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseStream } from '../src/http/sse';

/** A response whose socket refuses more (writableNeedDrain) until `drain()` is called. */
class SlowRes extends EventEmitter {
  written: Array<string | Buffer> = [];
  writableNeedDrain = false;
  writableLength = 0;
  destroyed = false;
  status() {
    return this;
  }
  setHeader() {}
  flushHeaders() {}
  write(c: string | Buffer) {
    this.written.push(c);
    this.writableLength += typeof c === 'string' ? Buffer.byteLength(c) : c.byteLength;
    if (this.writableLength > 16_384) this.writableNeedDrain = true;
    return !this.writableNeedDrain;
  }
  drain() {
    this.writableLength = 0;
    this.writableNeedDrain = false;
    this.emit('drain');
  }
  end() {
    this.emit('close');
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
}

const event = (n: number) => `event: change\ndata: {"n":${n},"pad":"${'x'.repeat(1000)}"}\n\n`;

describe('SSE back-pressure', () => {
  it('sends a RESYNC larger than the bound whole, then drops the client once what waits behind it passes the bound', () => {
    const res = new SlowRes();
    const fell = vi.fn();
    const closed = vi.fn();
    const s = new SseStream(res as unknown as Response, { maxBufferBytes: 10_000, onFallBehind: fell });
    s.onClose(closed);
    s.open();
    s.sendRaw(Buffer.alloc(1_000_000, 'r')); // the RESYNC: not counted, the socket took the write
    expect(res.writableNeedDrain).toBe(true);
    for (let i = 0; i < 9; i++) s.sendRaw(event(i)); // 9 × ~1 kB behind it: within the bound
    expect(fell).not.toHaveBeenCalled();
    s.sendRaw(event(9));
    s.sendRaw(event(10)); // past 10,000 bytes
    expect(fell).toHaveBeenCalledTimes(1);
    expect(fell.mock.calls[0]?.[0]).toBeGreaterThan(1_000_000);
    expect(res.destroyed).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(s.isClosed).toBe(true);
    const count = res.written.length;
    s.sendRaw(event(11));
    expect(res.written.length).toBe(count); // nothing more is buffered for it
  });

  it('keeps a client that drains: the count starts again at each drain', () => {
    const res = new SlowRes();
    const fell = vi.fn();
    const s = new SseStream(res as unknown as Response, { maxBufferBytes: 10_000, onFallBehind: fell });
    s.open();
    for (let round = 0; round < 20; round++) {
      s.sendRaw(Buffer.alloc(50_000, 'r'));
      for (let i = 0; i < 8; i++) s.sendRaw(event(i));
      res.drain();
    }
    expect(fell).not.toHaveBeenCalled();
    expect(res.destroyed).toBe(false);
    expect(s.isClosed).toBe(false);
  });

  it('0 means unbounded', () => {
    const res = new SlowRes();
    const fell = vi.fn();
    const s = new SseStream(res as unknown as Response, { maxBufferBytes: 0, onFallBehind: fell });
    s.open();
    for (let i = 0; i < 2_000; i++) s.sendRaw(event(i));
    expect(fell).not.toHaveBeenCalled();
    expect(res.written.length).toBe(2_001);
  });
});

describe('SSE back-pressure over a real socket', () => {
  const servers: Array<{ close(): void }> = [];
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const s of servers.splice(0)) s.close();
  });

  /** A server with one SSE route and a raw client connected to it (its reading under the test's control). */
  async function serve(maxBufferBytes: number) {
    const streams: SseStream[] = [];
    const fellBehind: number[] = [];
    const app = express();
    app.get('/stream', (_req, res) => {
      const s = new SseStream(res, { maxBufferBytes, onFallBehind: (n) => fellBehind.push(n) });
      streams.push(s);
      s.open();
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const client = connect(port, '127.0.0.1');
    sockets.push(client);
    await once(client, 'connect');
    client.write(`GET /stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    let received = 0;
    client.on('data', (d: Buffer) => {
      received += d.byteLength;
    });
    const ended = new Promise<void>((done) => {
      client.once('close', () => done());
      client.once('error', () => done());
    });
    while (streams.length === 0) await new Promise((r) => setTimeout(r, 5));
    const stream = streams[0] as SseStream;
    return { stream, client, fellBehind, ended, received: () => received };
  }

  it('a reader that stops reading is dropped after a bounded amount, its connection closed', async () => {
    const { stream, client, fellBehind, ended } = await serve(256 * 1024);
    client.pause(); // the slow reader: reads nothing more
    let written = 0;
    // far more than loopback's socket buffers hold: without the bound all of it would wait in the BFF
    for (let i = 0; i < 200_000 && !stream.isClosed; i++) {
      const e = event(i);
      stream.sendRaw(e);
      written += e.length;
      if (i % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(stream.isClosed).toBe(true);
    expect(fellBehind).toHaveLength(1);
    expect(written).toBeLessThan(200_000 * 1000);
    client.resume();
    await ended; // the client sees its connection end (EventSource: reconnect, then a RESYNC)
  });

  it('a reader that keeps reading gets a RESYNC larger than the bound and what follows, and stays', async () => {
    const { stream, received, fellBehind } = await serve(256 * 1024);
    const big = Buffer.alloc(4 * 1024 * 1024, 'r'); // a RESYNC far larger than the bound
    stream.sendRaw(big);
    let sent = big.byteLength;
    // events behind it: fewer bytes than the bound in all, so however slowly this loaded machine reads,
    // only counting the RESYNC could drop the client
    for (let i = 0; i < 200; i++) {
      const e = event(i);
      stream.sendRaw(e);
      sent += e.length;
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    for (let i = 0; i < 400 && received() < sent; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fellBehind).toEqual([]);
    expect(stream.isClosed).toBe(false);
    expect(received()).toBeGreaterThan(sent);
  });
});
