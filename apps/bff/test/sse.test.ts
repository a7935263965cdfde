import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { formatComment, formatSse, SseStream } from '../src/http/sse';

class FakeRes extends EventEmitter {
  chunks: string[] = [];
  headers: Record<string, string> = {};
  statusCode = 0;
  ended = false;
  status(c: number) {
    this.statusCode = c;
    return this;
  }
  setHeader(k: string, v: string) {
    this.headers[k.toLowerCase()] = v;
  }
  flushHeaders() {}
  write(c: string) {
    this.chunks.push(c);
    return true;
  }
  end() {
    this.ended = true;
    this.emit('close');
  }
}

describe('SSE framing', () => {
  it('writes one event line and one data line of JSON, newlines escaped', () => {
    expect(formatSse('change', { type: 'ADDED', object: { a: 'x\ny' } })).toBe(
      'event: change\ndata: {"type":"ADDED","object":{"a":"x\\ny"}}\n\n',
    );
    expect(formatComment('ping\nthing')).toBe(': ping thing\n\n');
  });

  it('queues until opened, then heartbeats, and runs close handlers once', () => {
    vi.useFakeTimers();
    const res = new FakeRes();
    const beats = vi.fn();
    const s = new SseStream(res as unknown as Response, { heartbeatMs: 15_000, onHeartbeat: beats });
    s.send('change', { type: 'RESYNC', items: [], resourceVersion: '1' });
    expect(res.chunks).toEqual([]);
    s.open();
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.chunks.join('')).toContain('event: change\ndata: {"type":"RESYNC"');
    vi.advanceTimersByTime(15_000);
    expect(res.chunks.at(-1)).toBe(': ping\n\n');
    expect(beats).toHaveBeenCalledTimes(1);
    const closed = vi.fn();
    s.onClose(closed);
    s.close();
    s.close();
    expect(res.ended).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
    s.send('change', {});
    vi.advanceTimersByTime(60_000);
    expect(res.chunks.at(-1)).toBe(': ping\n\n');
    expect(beats).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
