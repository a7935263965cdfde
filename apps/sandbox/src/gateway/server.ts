/**
 * The sandbox ingress gateway: one 127.0.0.1 port in front of every InferenceService's pods, with Dex
 * token checks on external routes. Bodies stream both ways (no buffering).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { bearerToken, type TokenVerifier } from './auth';
import { clusterService, forwardTarget } from './cluster-local-proxy';
import type { RouteDecision } from './httproute';
import { type ComponentType, hostOnly, type KnownIsvc, RoundRobin, resolveRoute, wantsHtml } from './routes';

export type GatewayDeps = {
  port: number;
  domain: string;
  issuer: string;
  clientId: string;
  verify: TokenVerifier;
  isvcs: () => KnownIsvc[];
  /** Ready upstream ports for a component of an InferenceService. */
  endpoints: (namespace: string, name: string, component: ComponentType) => number[];
  /** Ready upstream ports behind any Service (port 80), for cluster-local names no InferenceService claims. */
  serviceEndpoints?: (namespace: string, service: string) => number[];
  /** The Service behind an external host no InferenceService claims (an InferenceGraph's status.url host). */
  externalService?: (host: string) => { namespace: string; name: string } | undefined;
  /**
   * Gateway API: the HTTPRoute rule (attached to the sandbox's Gateways) that serves a request no InferenceService
   * or cluster-local name claims, with the ready upstream ports of its Service backend (httproute.ts).
   */
  httpRoute?: (req: {
    host: string;
    method: string;
    path: string;
    headers: Record<string, string>;
  }) => { decision: RouteDecision; ports: number[] | undefined } | undefined;
  synced: () => boolean;
  log: (msg: string) => void;
};

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export function startGateway(d: GatewayDeps): Promise<Server> {
  const rr = new RoundRobin();
  const server = createServer((req, res) => {
    void handle(d, rr, req, res).catch((err: unknown) => {
      d.log(`gateway: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Like Envoy, keep idle client connections well beyond common client pools' idle time: with Node's
    // 5 s default a client reusing a connection just as it expires gets "socket hang up".
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.listen(d.port, '127.0.0.1', () => resolve(server));
  });
}

async function handle(d: GatewayDeps, rr: RoundRobin, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // a forward-proxy request (the InferenceGraph router's step calls): cluster-local-proxy.ts
  const fwd = forwardTarget(req.url ?? '/');
  if (fwd && !fwd.ok) {
    req.resume();
    sendJson(res, fwd.status, { error: 'Forbidden', message: fwd.message });
    return;
  }
  const path = fwd ? fwd.path : (req.url ?? '/');
  const hostHeader = fwd ? fwd.host : req.headers.host;
  const route = resolveRoute(hostHeader, path, d.isvcs(), d.domain);
  const svc = route || !d.serviceEndpoints ? undefined : clusterService(hostOnly(hostHeader));
  if (!route && svc && d.serviceEndpoints) {
    await forward(
      req,
      res,
      rr.pick(`svc/${svc.namespace}/${svc.name}`, d.serviceEndpoints(svc.namespace, svc.name)),
      path,
      plainHeaders(req),
    );
    return;
  }
  const ext = route || svc || !d.externalService ? undefined : d.externalService(hostOnly(hostHeader));
  if (!route && ext && d.serviceEndpoints) {
    // external: the user's ID token, as for an InferenceService's status.url
    const check = await d.verify(bearerToken(req.headers.authorization) ?? '');
    if (!check.ok) {
      req.resume();
      sendJson(res, 401, { error: 'Unauthorized', message: check.message });
      return;
    }
    const ports = d.serviceEndpoints(ext.namespace, ext.name);
    await forward(req, res, rr.pick(`svc/${ext.namespace}/${ext.name}`, ports), path, plainHeaders(req));
    return;
  }
  if (!route && path === '/healthz') {
    const ok = d.synced();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'not synced');
    return;
  }
  const viaRoute = route || !d.httpRoute ? undefined : d.httpRoute(routeRequest(req, hostHeader, path));
  if (!route && viaRoute) {
    // an external route, as KServe's Istio/Dex setups put behind the gateway: the user's ID token
    const check = await d.verify(bearerToken(req.headers.authorization) ?? '');
    if (!check.ok) {
      req.resume();
      sendJson(res, 401, {
        error: 'Unauthorized',
        message: bearerToken(req.headers.authorization) ? check.message : 'Jwt is missing',
      });
      return;
    }
    const headers = plainHeaders(req);
    if (typeof check.claims.email === 'string') headers['kubeflow-userid'] = check.claims.email;
    const groups = check.claims.groups;
    if (Array.isArray(groups)) headers['kubeflow-groups'] = groups.map(String).join(',');
    if (viaRoute.ports === undefined) {
      // Gateway API: a rule whose backend cannot be resolved answers 500
      req.resume();
      res.writeHead(500, { 'content-type': 'text/plain' }).end('backend not supported by the sandbox gateway');
      return;
    }
    const r = viaRoute.decision;
    const key = `route/${r.route.namespace}/${r.route.name}/${r.backend?.name ?? ''}`;
    await forward(req, res, rr.pick(key, viaRoute.ports), r.path, headers);
    return;
  }
  if (!route) {
    if (path === '/healthz') {
      const ok = d.synced();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'not synced');
      return;
    }
    res.writeHead(404, { 'content-length': '0' }).end();
    return;
  }
  const headers = plainHeaders(req);
  if (route.external) {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      req.resume();
      if (wantsHtml(req.headers.accept)) {
        const redirect = `http://${req.headers.host ?? ''}/oauth2/callback`;
        const q = new URLSearchParams({
          client_id: d.clientId,
          redirect_uri: redirect,
          response_type: 'code',
          scope: 'openid profile email groups',
          state: Buffer.from(path).toString('base64url'),
        });
        res.writeHead(302, { location: `${d.issuer}/auth?${q}`, 'content-length': '0' }).end();
        return;
      }
      sendJson(res, 401, { error: 'Unauthorized', message: 'Jwt is missing' });
      return;
    }
    const check = await d.verify(token);
    if (!check.ok) {
      req.resume();
      sendJson(res, 401, { error: 'Unauthorized', message: check.message });
      return;
    }
    if (typeof check.claims.email === 'string') headers['kubeflow-userid'] = check.claims.email;
    const groups = check.claims.groups;
    if (Array.isArray(groups)) headers['kubeflow-groups'] = groups.map(String).join(',');
  }
  headers['kserve-isvc-name'] = route.name;
  headers['kserve-isvc-namespace'] = route.namespace;
  const ports = d.endpoints(route.namespace, route.name, route.component);
  const port = rr.pick(`${route.namespace}/${route.name}/${route.component}`, ports);
  await forward(req, res, port, route.path, headers);
}

function routeRequest(req: IncomingMessage, hostHeader: string | undefined, path: string) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  return { host: hostOnly(hostHeader), method: req.method ?? 'GET', path, headers };
}

/** The request's headers without hop-by-hop ones and without client-supplied identity. */
function plainHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || hopByHop.has(k)) continue;
    if (k === 'kubeflow-userid' || k === 'kubeflow-groups') continue; // never trust client-supplied identity
    headers[k] = v;
  }
  return headers;
}

/** Streams the request to 127.0.0.1:port and the answer back; 503 when there is no ready upstream. */
async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  port: number | undefined,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<void> {
  if (port === undefined) {
    req.resume();
    res.writeHead(503, { 'content-type': 'text/plain' }).end('no healthy upstream');
    return;
  }
  await new Promise<void>((resolve) => {
    const up = httpRequest({ host: '127.0.0.1', port, method: req.method, path, headers }, (upRes) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(upRes.headers)) if (v !== undefined && !hopByHop.has(k)) out[k] = v;
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
      upRes.on('end', resolve);
      upRes.on('error', () => resolve());
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream connect error or disconnect/reset before headers');
      resolve();
    });
    req.pipe(up);
    res.on('close', () => {
      up.destroy();
      resolve();
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
