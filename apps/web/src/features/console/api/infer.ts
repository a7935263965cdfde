import { apiPaths, type InferRoute, parseServerTiming, v2ModelMetadataSchema } from '@servedeck/shared';
import { sendRaw } from '@/lib/http';
import { readBody } from '@/lib/read-body';

export type InferResult = {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  /** Measured in the browser: request start → last byte. */
  totalMs: number;
  /** Request start → response headers. */
  firstByteMs: number;
  serverTiming: { name: string; dur?: number; desc?: string }[];
  streamed: boolean;
};

/**
 * Send through the BFF's inference proxy. Server-sent event responses (OpenAI streaming) are read as
 * they arrive and reported through `onChunk`.
 */
export async function sendInference(args: {
  ns: string;
  name: string;
  path: string;
  method: 'GET' | 'POST';
  route: InferRoute;
  body?: string | undefined;
  signal?: AbortSignal;
  onChunk?: (textSoFar: string) => void;
}): Promise<InferResult> {
  const t0 = performance.now();
  const res = await sendRaw(apiPaths.isvcInfer(args.ns, args.name, args.path), {
    method: args.method,
    query: { route: args.route },
    ...(args.method === 'POST' ? { body: args.body ?? '', contentType: 'application/json' } : {}),
    headers: { accept: 'application/json, text/event-stream;q=0.9, */*;q=0.5' },
    ...(args.signal ? { signal: args.signal } : {}),
  });
  const firstByteMs = performance.now() - t0;
  const { body, streamed } = await readBody(res, args.onChunk);
  return {
    status: res.status,
    statusText: res.statusText,
    headers: [...res.headers.entries()],
    body,
    totalMs: performance.now() - t0,
    firstByteMs,
    serverTiming: parseServerTiming(res.headers.get('server-timing')),
    streamed,
  };
}

export async function fetchV2Metadata(ns: string, name: string, model: string, route: InferRoute) {
  const r = await sendInference({ ns, name, path: `/v2/models/${encodeURIComponent(model)}`, method: 'GET', route });
  if (r.status !== 200) return undefined;
  try {
    return v2ModelMetadataSchema.parse(JSON.parse(r.body));
  } catch {
    return undefined;
  }
}
