import { promisify } from 'node:util';
import zlib from 'node:zlib';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

export type Encoding = 'br' | 'gzip';

/** Below this many bytes an answer is sent as it is (compression's own threshold). */
const THRESHOLD = 1024;

const isJson = (res: Response): boolean => /^application\/json\b/i.test(String(res.getHeader('Content-Type') ?? ''));

/**
 * The compression middleware for /api: JSON answers only. Event streams (SSE) and followed logs are never
 * compressed (they must reach the client as written); answers already encoded (the cached lists below)
 * are left alone. Brotli at quality 4 when the client takes it, else gzip (the middleware's defaults).
 */
export function jsonCompression(): RequestHandler {
  return compression({ threshold: THRESHOLD, filter: (_req, res) => isJson(res as Response) });
}

/** br when the client takes it at all, else gzip, else undefined (browsers take both: br). */
export function pickEncoding(req: Request): Encoding | undefined {
  if (req.acceptsEncodings('br') === 'br') return 'br';
  return req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : undefined;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compressed copies of cached answers, made once per buffer and encoding (dropped with the buffer). */
const copies = new WeakMap<Buffer, Map<Encoding, Promise<Buffer>>>();

/**
 * `data` compressed, once: a cached answer (a list from the watch cache, kept until one of its objects
 * changes) costs one compression per change, not one per request. Runs on libuv's thread pool.
 */
export function compressedOnce(data: Buffer, enc: Encoding): Promise<Buffer> {
  let byEnc = copies.get(data);
  if (!byEnc) {
    byEnc = new Map();
    copies.set(data, byEnc);
  }
  let out = byEnc.get(enc);
  if (!out) {
    out =
      enc === 'br'
        ? brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
        : gzip(data, { level: zlib.constants.Z_DEFAULT_COMPRESSION });
    byEnc.set(enc, out);
  }
  return out;
}

/** Send cached JSON bytes, compressed (once) when the client takes it. */
export async function sendCachedJson(req: Request, res: Response, data: Buffer): Promise<void> {
  const enc = data.length >= THRESHOLD ? pickEncoding(req) : undefined;
  const body = enc ? await compressedOnce(data, enc) : data;
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (enc) res.setHeader('Content-Encoding', enc);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
