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

/**
 * An SSE response that queues what is sent before `open()` (so the first upstream list can still turn
 * into a plain HTTP error) and writes a heartbeat comment every `heartbeatMs`.
 */
export class SseStream {
  private queue: Array<string | Buffer> = [];
  private opened = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly closeHandlers: Array<() => void> = [];

  constructor(
    private readonly res: Response,
    private readonly heartbeatMs = 15_000,
    private readonly onHeartbeat?: () => void,
  ) {
    res.on('close', () => this.finish());
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
    for (const m of this.queue) res.write(m);
    this.queue = [];
    this.timer = setInterval(() => {
      this.write(formatComment('ping'));
      this.onHeartbeat?.();
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
    if (this.opened) this.res.write(chunk);
    else this.queue.push(chunk);
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
