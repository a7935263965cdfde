import type { Response } from 'express';

/** One server-sent event: `event:` line and one `data:` line (JSON never contains a raw newline). */
export function formatSse(event: string, data: unknown): string {
  return formatSseJson(event, JSON.stringify(data));
}

/** The same for data already serialised as JSON (one line). */
export function formatSseJson(event: string, json: string): string {
  return `event: ${event}\ndata: ${json}\n\n`;
}

export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** Default bound of what one slow client may have waiting in the BFF behind its socket (SERVEDECK_SSE_MAX_BUFFER_BYTES). */
export const DEFAULT_SSE_MAX_BUFFER_BYTES = 4 * 1024 * 1024;

export type SseOptions = {
  heartbeatMs?: number;
  onHeartbeat?: () => void;
  /**
   * Back-pressure: once the socket no longer takes what is written (`res.write` returned false, no `drain`
   * yet), what is written after it is counted; past this many bytes the client has fallen behind and is
   * dropped (the response destroyed, its buffered writes freed). The browser's EventSource reconnects and the
   * new stream starts with a RESYNC. What was written while the socket kept up is not counted: a RESYNC
   * (one buffer shared by a user's streams) always goes out whole. 0: unbounded.
   */
  maxBufferBytes?: number;
  /** Called once when the client is dropped for falling behind, with the bytes then waiting. */
  onFallBehind?: (pendingBytes: number) => void;
};

/**
 * An SSE response that queues what is sent before `open()` (so the first upstream list can still turn
 * into a plain HTTP error), writes a heartbeat comment every `heartbeatMs`, and drops a client that falls
 * behind (see SseOptions.maxBufferBytes).
 */
export class SseStream {
  private queue: Array<string | Buffer> = [];
  private opened = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly closeHandlers: Array<() => void> = [];
  /** Bytes written since the socket last refused more (0 while it keeps up). */
  private behindBytes = 0;
  private readonly heartbeatMs: number;
  private readonly maxBufferBytes: number;

  constructor(
    private readonly res: Response,
    private readonly opts: SseOptions = {},
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.maxBufferBytes = opts.maxBufferBytes ?? DEFAULT_SSE_MAX_BUFFER_BYTES;
    res.on('close', () => this.finish());
    res.on('drain', () => {
      this.behindBytes = 0;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  open(): void {
    if (this.opened || this.closed) return;
    this.opened = true;
    const res = this.res;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const queued = this.queue;
    this.queue = [];
    for (const m of queued) this.write(m);
    this.timer = setInterval(() => {
      this.write(formatComment('ping'));
      this.opts.onHeartbeat?.();
    }, this.heartbeatMs);
    this.timer.unref();
  }

  send(event: string, data: unknown): void {
    this.write(formatSse(event, data));
  }

  /** An already formatted event (formatSse), e.g. one buffer shared by several streams. */
  sendRaw(chunk: string | Buffer): void {
    this.write(chunk);
  }

  private write(chunk: string | Buffer): void {
    if (this.closed) return;
    if (!this.opened) {
      this.queue.push(chunk);
      return;
    }
    const res = this.res;
    if (this.maxBufferBytes > 0 && res.writableNeedDrain) {
      this.behindBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (this.behindBytes > this.maxBufferBytes) {
        this.fallBehind();
        return;
      }
    }
    res.write(chunk);
  }

  /** Drop a client that fell behind: free what waits for it; it reconnects and gets a RESYNC. */
  private fallBehind(): void {
    const pending = this.res.writableLength + this.behindBytes;
    this.opts.onFallBehind?.(pending);
    this.res.destroy();
    this.finish();
  }

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeHandlers.push(fn);
  }

  close(): void {
    if (this.closed) return;
    if (this.opened) this.res.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const fn of this.closeHandlers.splice(0)) fn();
  }
}
