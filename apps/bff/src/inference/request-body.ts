import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

/** The request body of an inference call: size limit, cancellation, small bodies read whole, leftovers. */

export class TooLarge extends Error {}

/**
 * Cancels the upstream request (undici accepts an EventEmitter as `signal`). Cheaper than an
 * AbortController per request, and it knows why it fired.
 */
export class Cancel extends EventEmitter {
  aborted = false;
  why: 'timeout' | 'client' | undefined;
  fire(why: 'timeout' | 'client'): void {
    if (this.aborted) return;
    this.aborted = true;
    this.why = why;
    this.emit('abort');
  }
}

/** Counts request bytes while streaming; fails once the limit is passed. */
export class ByteLimit extends Transform {
  seen = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) cb(new TooLarge());
    else cb(null, chunk);
  }
}

/**
 * The client's upload after the upstream stopped reading it (it answered first, or the connection broke):
 * read and discard the rest so that the answer reaches the client and its connection stays usable, up to
 * `max` bytes in all; a longer upload gets the connection closed once the answer is out.
 */
export function discardRest(req: IncomingMessage, res: ServerResponse, seen: number, max: number): void {
  if (req.complete || req.destroyed) return;
  req.unpipe();
  let total = seen;
  const onData = (chunk: Buffer): void => {
    total += chunk.length;
    if (total <= max) return;
    req.off('data', onData);
    req.pause();
    res.shouldKeepAlive = false;
    if (res.writableFinished) req.socket.destroy();
    else res.once('finish', () => req.socket.destroy());
  };
  req.on('data', onData);
  req.resume();
}

/** The whole (small, Content-Length known) body, or undefined when the client went away. */
export function readSmallBody(req: IncomingMessage, length: number, cancel: Cancel): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const buf = Buffer.allocUnsafe(length);
    let at = 0;
    const done = (v: Buffer | undefined): void => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      cancel.off('abort', onGone);
      resolve(v);
    };
    const onData = (c: Buffer): void => {
      if (at + c.length > length) {
        done(undefined);
        return;
      }
      c.copy(buf, at);
      at += c.length;
    };
    const onEnd = (): void => done(at === length ? buf : undefined);
    const onGone = (): void => done(undefined);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
    cancel.once('abort', onGone);
  });
}
