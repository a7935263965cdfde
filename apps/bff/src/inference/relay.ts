import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { downstreamResponseHeaders } from './headers';
import type { Cancel } from './request-body';

/**
 * One inference request's upstream answer through undici's `dispatch` API: the handler writes the answer
 * straight to the client's response (no Readable, no promise and no pipe per request), and tells the proxy how
 * it ended. A small answer (Content-Length ≤ SMALL_BODY) is gathered, then sent with its headers in one write;
 * a larger or unsized one streams, with back-pressure (the upstream is paused until the client drains).
 */

/** Answers up to this size with a Content-Length are gathered and sent with their headers in one write. */
export const SMALL_BODY = 64 * 1024;

/** The body of a redirect or refusal is read and dropped up to this much (what undici's `body.dump()` reads). */
const DROP_LIMIT = 128 * 1024;

/**
 * How the relay ended. `answered`: the answer went out, was cut off mid-stream (the connection closed: a
 * truncated answer must not look complete) or its client left. Otherwise nothing has been written and the proxy
 * answers: a redirect, a 401 to the session token, a failure before the status line arrived (`afterStatus`
 * false) or in a small answer's body (true), or an exception writing the answer's head.
 */
export type RelayEnd =
  | { kind: 'answered' }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'refused' }
  | { kind: 'failed'; err: Error; afterStatus: boolean }
  | { kind: 'thrown'; err: unknown };

export type RelayOptions = {
  /** Fired on the client leaving or the timeout: aborts the upstream request. */
  cancel: Cancel;
  /** The timeout's timer: cleared once the status line arrives (bodyTimeout watches the rest). */
  timer: NodeJS.Timeout;
  /** performance.now() when the request was sent (Server-Timing and the metric). */
  started: number;
  /** A 401 means the gateway refused the session token (not the model server's own answer). */
  bearer: boolean;
  /** The request body when it streams: destroyed when the request fails, as undici's `request()` does. */
  body: Readable | undefined;
  observe: ((seconds: number, status: number) => void) | undefined;
};

type Mode = 'waiting' | 'small' | 'stream' | 'drop';

const CANCELLED = new Error('the inference request was cancelled');
const DROPPED = new Error('the answer was dropped');
const noop = (): void => {};

export class Relay implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private mode: Mode = 'waiting';
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private ms = 0;
  private first: Buffer | undefined;
  private rest: Buffer[] | undefined;
  private dropped = 0;
  private dropEnd: RelayEnd | undefined;
  private finished = false;
  private onDrain: (() => void) | undefined;
  private readonly onCancel = (): void => this.controller?.abort(CANCELLED);

  constructor(
    private readonly res: ServerResponse,
    private readonly o: RelayOptions,
    private readonly settle: (end: RelayEnd) => void,
  ) {
    o.cancel.on('abort', this.onCancel);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.o.cancel.aborted) controller.abort(CANCELLED);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return; // 1xx: the answer is still to come
    const o = this.o;
    clearTimeout(o.timer);
    this.ms = performance.now() - o.started;
    o.observe?.(this.ms / 1000, status);
    if (status >= 300 && status < 400) {
      this.drop(controller, headers, { kind: 'redirect', status, location: String(headers.location ?? '') });
      return;
    }
    if (status === 401 && o.bearer) {
      this.drop(controller, headers, { kind: 'refused' });
      return;
    }
    this.status = status;
    this.headers = headers;
    const length = Number(headers['content-length']);
    if (Number.isInteger(length) && length <= SMALL_BODY) {
      this.mode = 'small';
      return;
    }
    this.mode = 'stream';
    if (!this.writeHead()) controller.abort(DROPPED);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    switch (this.mode) {
      case 'small':
        if (this.first === undefined) this.first = chunk;
        else if (this.rest === undefined) this.rest = [chunk];
        else this.rest.push(chunk);
        return;
      case 'stream': {
        const res = this.res;
        if (res.destroyed) {
          controller.abort(CANCELLED); // the client left ('close' fires the cancel a little later)
          return;
        }
        if (!res.write(chunk)) {
          controller.pause();
          this.onDrain ??= () => controller.resume();
          res.once('drain', this.onDrain);
        }
        return;
      }
      case 'drop':
        this.dropped += chunk.length;
        if (this.dropped > DROP_LIMIT) controller.abort(DROPPED);
        return;
      default:
        return;
    }
  }

  onResponseEnd(): void {
    switch (this.mode) {
      case 'small': {
        if (!this.writeHead()) return;
        const { first, rest } = this;
        const whole =
          first === undefined ? Buffer.alloc(0) : rest === undefined ? first : Buffer.concat([first, ...rest]);
        this.res.end(whole);
        this.finish({ kind: 'answered' });
        return;
      }
      case 'stream':
        this.res.end();
        this.finish({ kind: 'answered' });
        return;
      default:
        this.finish(this.dropEnd ?? { kind: 'failed', err: new Error('no answer'), afterStatus: false });
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, err: Error): void {
    const body = this.o.body;
    if (body && !body.destroyed) {
      body.on('error', noop);
      body.destroy(err);
    }
    if (this.finished) return;
    switch (this.mode) {
      case 'drop':
        this.finish(this.dropEnd ?? { kind: 'failed', err, afterStatus: true });
        return;
      case 'stream':
        // The upstream broke off mid-answer (or the client left): the status is out, so the only honest signal
        // left is to cut the connection (a truncated body must not look complete).
        if (!this.res.writableFinished) this.res.destroy();
        this.finish({ kind: 'answered' });
        return;
      default:
        this.finish({ kind: 'failed', err, afterStatus: this.mode === 'small' });
    }
  }

  /** A redirect or a refusal: its body is read and dropped (up to DROP_LIMIT, so the connection can be reused). */
  private drop(controller: Dispatcher.DispatchController, headers: IncomingHttpHeaders, end: RelayEnd): void {
    this.mode = 'drop';
    this.dropEnd = end;
    if (Number(headers['content-length']) > DROP_LIMIT) controller.abort(DROPPED);
  }

  /** The answer's status and headers on the response; false (and the relay finished) when that threw. */
  private writeHead(): boolean {
    const res = this.res;
    try {
      res.statusCode = this.status;
      for (const [k, v] of Object.entries(downstreamResponseHeaders(this.headers))) res.setHeader(k, v);
      res.setHeader('Server-Timing', `upstream;dur=${this.ms.toFixed(1)}`);
      res.setHeader('Cache-Control', 'no-store');
      return true;
    } catch (err) {
      this.finish({ kind: 'thrown', err });
      return false;
    }
  }

  private finish(end: RelayEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.o.cancel.off('abort', this.onCancel);
    this.settle(end);
  }
}
