import type { IncomingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Never forwarded upstream: credentials and identity of the browser, and what the BFF sets itself. */
const REQUEST_DROP = new Set([
  'host',
  'cookie',
  'authorization',
  'content-length',
  'expect',
  'forwarded',
  'origin',
  'referer',
  'x-csrf-token',
  'x-request-id',
  'x-real-ip',
]);
const REQUEST_DROP_PREFIX = ['x-forwarded-', 'kubeflow-', 'x-auth-request-', 'sec-', 'impersonate-'];

/** Never passed back: cookies of the upstream and hop-by-hop headers. */
const RESPONSE_DROP = new Set(['set-cookie', 'set-cookie2', 'server-timing', 'www-authenticate', 'alt-svc']);

export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  alsoDrop: string[] = [],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const connectionListed = new Set(
    String(incoming.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase()),
  );
  for (const [name, value] of Object.entries(incoming)) {
    const n = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(n) || REQUEST_DROP.has(n) || connectionListed.has(n)) continue;
    if (alsoDrop.includes(n)) continue;
    if (REQUEST_DROP_PREFIX.some((p) => n.startsWith(p))) continue;
    out[n] = value;
  }
  return out;
}

export function downstreamResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    const n = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(n) || RESPONSE_DROP.has(n)) continue;
    out[n] = value;
  }
  return out;
}
