import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inferRouteSchema } from '@servedeck/shared';
import type { Request, RequestHandler, Response } from 'express';
import { type Dispatcher, request } from 'undici';
import { principalKey } from '../auth/principal';
import { principalOf } from '../auth/require-session';
import { apiError, type HttpApiError } from '../http/api-error';
import { nameParam, nsParam } from '../http/params';
import type { TtlCache } from '../http/ttl-cache';
import { type Cluster, K8sClient } from '../k8s/client';
import { isRecord, type K8sObject } from '../k8s/objects';
import { k8sPaths } from '../k8s/paths';
import type { Logger } from '../logger';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './headers';
import { checkProtocolPath, rawProtocolPath } from './protocol-path';
import { resolveTarget, type TargetConfig } from './resolve-target';

export type ProxyDeps = {
  cluster: Cluster;
  dispatcher: Dispatcher;
  isvcCache: TtlCache<Promise<K8sObject> | K8sObject>;
  target: TargetConfig;
  timeoutMs: number;
  maxBytes: number;
  logger: Logger;
  observe?: (seconds: number, status: number) => void;
  /** Identity headers of trusted-header mode (configurable names): never forwarded. */
  identityHeaders?: string[];
};

class TooLarge extends Error {}

/** Counts request bytes while streaming; fails once the limit is passed. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      seen += chunk.length;
      if (seen > max) cb(new TooLarge());
      else cb(null, chunk);
    },
  });
}

export function isvcCacheKey(principal: string, ns: string, name: string): string {
  return `${principal}\u0000${ns}/${name}`;
}

function tooLarge(max: number): HttpApiError {
  return apiError(413, 'RequestEntityTooLarge', `The request body is larger than ${max} bytes`);
}

function looksLikeLogin(location: string): boolean {
  return /\/dex\/|\/oauth2\/|\/auth\b|login|sign[-_]?in/i.test(location);
}

/**
 * ALL /api/namespaces/:ns/inferenceservices/:name/infer/<protocol path>
 * Reads the InferenceService as the user (cached a few seconds per user), resolves the target from its
 * status, and streams the request and response bodies. No redirects are followed.
 */
export function inferenceProxy(deps: ProxyDeps): RequestHandler {
  return async (req: Request, res: Response) => {
    const ns = nsParam(req);
    const name = nameParam(req);
    const raw = rawProtocolPath(req.url); // relative to where the app is mounted (SERVEDECK_BASE_PATH)
    if (raw === undefined) throw apiError(400, 'BadRequest', 'Missing protocol path after /infer');
    const path = checkProtocolPath(raw);
    const routeParam = typeof req.query.route === 'string' ? req.query.route : 'gateway';
    const route = inferRouteSchema.safeParse(routeParam);
    if (!route.success) throw apiError(400, 'BadRequest', 'route must be gateway or cluster-local');

    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > deps.maxBytes) {
      // Answer 413 at once. A body a little over the limit is drained (discarded, never buffered) so the
      // client reads the 413 instead of a reset mid-upload; a far larger one gets the connection closed.
      if (declared <= 4 * deps.maxBytes) req.resume();
      else res.setHeader('Connection', 'close');
      throw tooLarge(deps.maxBytes);
    }

    const p = principalOf(req);
    const key = isvcCacheKey(principalKey(p), ns, name);
    const isvc = await deps.isvcCache.getOrLoad(key, async () => {
      const r = await new K8sClient(deps.cluster, p.k8sAuth).call('GET', k8sPaths.isvc(ns, name));
      if (!isRecord(r.body)) throw apiError(502, 'BadGateway', 'Unexpected InferenceService answer');
      return r.body;
    });
    const target = resolveTarget(isvc, route.data, deps.target);

    const search = new URLSearchParams(
      Object.entries(req.query).flatMap(([k, v]) =>
        k === 'route' ? [] : (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string').map((x) => [k, x]),
      ) as [string, string][],
    ).toString();
    const url = `${target.origin}${target.basePath}${path}${search ? `?${search}` : ''}`;
    const headers = upstreamRequestHeaders(req.headers, deps.identityHeaders);
    headers.host = target.host;
    if (target.bearer && p.gatewayToken) headers.authorization = `Bearer ${p.gatewayToken}`;

    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const limiter = hasBody ? byteLimit(deps.maxBytes) : undefined;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('timeout')), deps.timeoutMs);
    res.on('close', () => abort.abort(new Error('client closed')));
    const started = performance.now();
    let upstream: Dispatcher.ResponseData;
    try {
      if (limiter) req.pipe(limiter);
      upstream = await request(url, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        ...(limiter ? { body: limiter } : {}),
        dispatcher: deps.dispatcher,
        signal: abort.signal,
        headersTimeout: deps.timeoutMs,
        bodyTimeout: deps.timeoutMs,
      });
    } catch (err) {
      clearTimeout(timer);
      if (err instanceof TooLarge || (err instanceof Error && err.cause instanceof TooLarge)) {
        res.setHeader('Connection', 'close');
        throw tooLarge(deps.maxBytes);
      }
      if (limiter?.errored instanceof TooLarge) {
        res.setHeader('Connection', 'close');
        throw tooLarge(deps.maxBytes);
      }
      if (abort.signal.aborted && String(abort.signal.reason).includes('timeout')) {
        throw apiError(504, 'GatewayTimeout', `The model server did not answer within ${deps.timeoutMs} ms`);
      }
      if (err instanceof Error && /Timeout/i.test(err.name)) {
        throw apiError(504, 'GatewayTimeout', `The model server did not answer within ${deps.timeoutMs} ms`);
      }
      deps.logger.warn({ err, ns, name, route: route.data }, 'inference upstream failed');
      throw apiError(502, 'UpstreamUnavailable', 'The inference endpoint is not reachable');
    }
    clearTimeout(timer);
    const ms = performance.now() - started;
    deps.observe?.(ms / 1000, upstream.statusCode);

    if (upstream.statusCode >= 300 && upstream.statusCode < 400) {
      const location = String(upstream.headers.location ?? '');
      await upstream.body.dump();
      if (looksLikeLogin(location) || route.data === 'gateway') {
        throw apiError(502, 'GatewayLoginRequired', 'The gateway wants a login (it redirected to its sign-in page)');
      }
      throw apiError(502, 'BadGateway', `The inference endpoint redirected (${upstream.statusCode}); not followed`);
    }
    if (upstream.statusCode === 401 && target.bearer) {
      await upstream.body.dump();
      throw apiError(502, 'GatewayLoginRequired', 'The gateway wants a login (it refused the session token)');
    }
    res.status(upstream.statusCode);
    for (const [k, v] of Object.entries(downstreamResponseHeaders(upstream.headers))) res.setHeader(k, v);
    res.setHeader('Server-Timing', `upstream;dur=${ms.toFixed(1)}`);
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(upstream.body, res).catch(() => {
      // the client left or the upstream broke off mid-stream: nothing more to send
    });
  };
}
