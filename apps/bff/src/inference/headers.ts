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
  'via',
  // path and method overrides some proxies and frameworks honour (a way around the protocol-path allow-list)
  'x-rewrite-url',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  // client-address claims
  'true-client-ip',
  'x-client-ip',
  'client-ip',
  'x-cluster-client-ip',
]);
/**
 * Also dropped by prefix: `x-original-*` (X-Original-URL / -URI / -Host rewrite the target in IIS, nginx
 * auth_request setups), `x-envoy-*` (Istio's Envoy trusts them from inside the mesh: retries, timeouts,
 * `x-envoy-original-dst-host` picks the upstream host), `x-istio-`.
 */
const REQUEST_DROP_PREFIX = [
  'x-forwarded-',
  'kubeflow-',
  'x-auth-request-',
  'sec-',
  'impersonate-',
  'x-original-',
  'x-envoy-',
  'x-istio-',
];

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
