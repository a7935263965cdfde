import type { IncomingMessage, ServerResponse } from 'node:http';
import { type InferRoute, inferRouteSchema } from '@servedeck/shared';
import type { Dispatcher } from 'undici';
import { type Principal, principalKey } from '../auth/principal';
import { apiError, type HttpApiError } from '../http/api-error';
import { K8sClient } from '../k8s/client';
import { isRecord, type K8sObject } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import { loadGraph, resolveGraphTarget } from './graph-target';
import { upstreamRequestHeaders } from './headers';
import { loadLlm, resolveLlmTarget } from './llm-target';
import type { ProxyDeps } from './proxy-deps';
import { Relay, type RelayEnd } from './relay';
import { ByteLimit, Cancel, discardRest, readSmallBody, TooLarge } from './request-body';
import { resolveTarget } from './resolve-target';

export type { ProxyDeps };

/** One inference request, checked: where it goes is decided from these and the InferenceService only. */
export type InferCall = {
  /** An InferenceGraph's router (target from the graph's status.url) instead of an InferenceService. */
  graph?: true;
  /** An LLMInferenceService (target from its status.url; OpenAI paths only). */
  llm?: true;
  ns: string;
  name: string;
  /** The protocol path, already accepted by checkProtocolPath. */
  path: string;
  route: InferRoute;
  /** The query string to forward (without `route`), '' or `?a=b`. */
  search: string;
  principal: Principal;
  /** This request's id: sent to the model server as `x-request-id` (the gateway's access log shows it). */
  requestId: string;
};

/** Request bodies up to this size with a Content-Length are read whole and sent in one write (no streams). */
const SMALL_BODY = 64 * 1024;

export function isvcCacheKey(principal: string, ns: string, name: string): string {
  return `${principal}\u0000${ns}/${name}`;
}

function tooLarge(max: number): HttpApiError {
  return apiError(413, 'RequestEntityTooLarge', `The request body is larger than ${max} bytes`);
}

function looksLikeLogin(location: string): boolean {
  return /\/dex\/|\/oauth2\/|\/auth\b|login|sign[-_]?in/i.test(location);
}

function timeoutError(ms: number): HttpApiError {
  return apiError(504, 'GatewayTimeout', `The model server did not answer within ${ms} ms`);
}

/** `route` and the rest of the query string of a proxy request (`route` is ours, the rest is forwarded). */
export function splitQuery(rawQuery: string): { route: InferRoute; search: string } {
  const params = new URLSearchParams(rawQuery);
  const routes = params.getAll('route');
  const route = inferRouteSchema.safeParse(routes.length === 0 ? 'gateway' : routes.length === 1 ? routes[0] : '');
  if (!route.success) throw apiError(400, 'BadRequest', 'route must be gateway or cluster-local');
  params.delete('route');
  const search = params.toString();
  return { route: route.data, search: search ? `?${search}` : '' };
}

/** The InferenceService as the user, cached a few seconds per user (the proxy and the readiness probe read it here). */
export async function loadIsvc(deps: ProxyDeps, p: Principal, ns: string, name: string): Promise<K8sObject> {
  const key = isvcCacheKey(principalKey(p), ns, name);
  const hit = deps.isvcCache.get(key);
  if (hit !== undefined) return hit;
  return deps.isvcCache.getOrLoad(key, async () => {
    const r = await new K8sClient(deps.cluster, p.k8sAuth).call('GET', k8sPaths.isvc(ns, name));
    if (!isRecord(r.body)) throw apiError(502, 'BadGateway', 'Unexpected InferenceService answer');
    return r.body;
  });
}

/**
 * Forward one checked inference request: the target comes from the InferenceService's status (read as
 * the user, cached a few seconds per user), the request and response bodies stream (small bodies are
 * sent in one piece), no redirect is followed; the answer is relayed by relay.ts. Throws HttpApiError before
 * the answer has started.
 */
export async function forwardInference(
  req: IncomingMessage,
  res: ServerResponse,
  call: InferCall,
  deps: ProxyDeps,
): Promise<void> {
  const cl = req.headers['content-length'];
  const declared = cl === undefined ? undefined : Number(cl);
  if (declared !== undefined && Number.isFinite(declared) && declared > deps.maxBytes) {
    // Answer 413 at once. A body a little over the limit is drained (discarded, never buffered) so the
    // client reads the 413 instead of a reset mid-upload; a far larger one gets the connection closed.
    if (declared <= 4 * deps.maxBytes) req.resume();
    else res.setHeader('Connection', 'close');
    throw tooLarge(deps.maxBytes);
  }

  const p = call.principal;
  const target = call.graph
    ? resolveGraphTarget(await loadGraph(deps, p, call.ns, call.name), deps.target)
    : call.llm
      ? resolveLlmTarget(await loadLlm(deps, p, call.ns, call.name), deps.target)
      : resolveTarget(await loadIsvc(deps, p, call.ns, call.name), call.route, deps.target);

  const headers = upstreamRequestHeaders(req.headers, deps.identityHeaders);
  headers.host = target.host;
  headers['x-request-id'] = call.requestId;
  if (target.bearer && p.gatewayToken) headers.authorization = `Bearer ${p.gatewayToken}`;

  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const cancel = new Cancel();
  const timer = setTimeout(() => cancel.fire('timeout'), deps.timeoutMs);
  const onClientGone = (): void => cancel.fire('client');
  res.once('close', onClientGone);

  let body: Buffer | ByteLimit | undefined;
  let limiter: ByteLimit | undefined;
  if (hasBody && declared !== undefined && Number.isInteger(declared) && declared <= SMALL_BODY) {
    const whole = declared === 0 ? Buffer.alloc(0) : await readSmallBody(req, declared, cancel);
    if (!whole) {
      clearTimeout(timer);
      if (cancel.why !== 'timeout') return; // the client went away mid-upload
      res.setHeader('Connection', 'close');
      throw apiError(408, 'RequestTimeout', `The request body did not arrive within ${deps.timeoutMs} ms`);
    }
    body = whole;
  } else if (hasBody) {
    limiter = new ByteLimit(deps.maxBytes);
    if (declared !== undefined) headers['content-length'] = String(declared);
    // undici destroys the body stream when it stops sending it (the upstream answered early or broke):
    // the client's upload is then discarded here, never left unread (which would hang its connection).
    const lim = limiter;
    lim.once('close', () => {
      if (!(lim.errored instanceof TooLarge)) discardRest(req, res, lim.seen, deps.maxBytes);
    });
    req.pipe(lim);
    body = lim;
  }

  const started = performance.now();
  const end = await new Promise<RelayEnd>((settle) => {
    const relay = new Relay(
      res,
      { cancel, timer, started, bearer: target.bearer, body: limiter, observe: deps.observe },
      settle,
    );
    deps.dispatcher.dispatch(
      {
        origin: target.origin,
        path: `${target.basePath}${call.path}${call.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        headersTimeout: deps.timeoutMs,
        bodyTimeout: deps.timeoutMs,
      },
      relay,
    );
  });
  clearTimeout(timer);
  res.off('close', onClientGone);
  switch (end.kind) {
    case 'answered':
      return;
    case 'redirect':
      if (looksLikeLogin(end.location) || call.route === 'gateway') {
        throw apiError(502, 'GatewayLoginRequired', 'The gateway wants a login (it redirected to its sign-in page)');
      }
      throw apiError(502, 'BadGateway', `The inference endpoint redirected (${end.status}); not followed`);
    case 'refused':
      throw apiError(502, 'GatewayLoginRequired', 'The gateway wants a login (it refused the session token)');
    case 'thrown':
      throw end.err;
    case 'failed':
      break;
  }
  const err = end.err;
  if (end.afterStatus) {
    // A small answer is sent whole: an upstream that breaks off before its end still gets a proper 502
    // (nothing has been sent yet).
    if (cancel.why === 'client') return;
    if (/Timeout/i.test(err.name)) throw timeoutError(deps.timeoutMs);
    throw apiError(
      502,
      'UpstreamUnavailable',
      `The inference endpoint broke off its answer (${upstreamErrorText(err)})`,
    );
  }
  if (err instanceof TooLarge || err.cause instanceof TooLarge || limiter?.errored instanceof TooLarge) {
    res.setHeader('Connection', 'close');
    throw tooLarge(deps.maxBytes);
  }
  if (cancel.why === 'timeout') throw timeoutError(deps.timeoutMs);
  if (/Timeout/i.test(err.name)) throw timeoutError(deps.timeoutMs);
  if (cancel.why === 'client') return; // the client left: nobody to answer
  deps.logger.warn({ err, ns: call.ns, name: call.name, route: call.route }, 'inference upstream failed');
  throw apiError(502, 'UpstreamUnavailable', `The inference endpoint is not reachable (${upstreamErrorText(err)})`);
}

/** A short, credential-free description of a connection failure (code or class, never a URL). */
function upstreamErrorText(err: unknown): string {
  if (!(err instanceof Error)) return 'error';
  const code = (err as { code?: unknown }).code;
  const causeCode = (err.cause as { code?: unknown } | undefined)?.code;
  const c = typeof causeCode === 'string' ? causeCode : typeof code === 'string' ? code : err.name;
  return /^[A-Za-z0-9_]{1,40}$/.test(c) ? c : 'error';
}
