import compression from 'compression';
import type { RequestHandler, Response } from 'express';

/** Below this many bytes an answer is sent as it is (compression's own threshold). */
const THRESHOLD = 1024;

const isJson = (res: Response): boolean => /^application\/json\b/i.test(String(res.getHeader('Content-Type') ?? ''));

/**
 * The compression middleware for /api: JSON answers only. Event streams (SSE) and followed logs are never
 * compressed (they must reach the client as written); answers already encoded (lists from the watch
 * cache: watch/watched-list.ts) are left alone. Brotli at quality 4 when the client takes it, else gzip
 * (the middleware's defaults).
 */
export function jsonCompression(): RequestHandler {
  return compression({ threshold: THRESHOLD, filter: (_req, res) => isJson(res as Response) });
}
