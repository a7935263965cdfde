/**
 * The BFF's own Kubernetes client (per-user tokens, impersonation or the kubeconfig's identity; two undici pools;
 * health checks on slow or failed calls; Status errors with their field causes). Over 300 lines: one client, its
 * auth modes and its error mapping, which every route relies on together.
 */
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import { apiError, HttpApiError } from '../http/api-error';
import { type BusyRetry, busyDelayMs, clusterBusy, defaultBusyRetry, sleep } from './busy';
import { k8sError, k8sUnreachable, parseWarnings } from './errors';
import { ClusterHealth, type ClusterState, clusterUnavailable } from './health';
import type { ClusterInfo, ServiceCredentials } from './kubeconfig';

/** How a request authenticates to the apiserver. There is no privileged fallback. */
export type K8sAuth =
  | { kind: 'bearer'; token: string }
  /** trusted-header mode: the BFF's own credentials plus Impersonate-User / Impersonate-Group. */
  | { kind: 'impersonate'; user: string; groups: string[] }
  /** kubeconfig mode: the kubeconfig's identity itself (single-user, local). */
  | { kind: 'kubeconfig' };

/** The cluster endpoint with two connection pools: CA only (user tokens) and CA plus the kubeconfig's client cert. */
export type Cluster = {
  /** The apiserver URL (no credentials: kubeconfig servers carry none). */
  server: string;
  /** The kubeconfig context in use (undefined in-cluster), shown in the header with the server. */
  contextName?: string | undefined;
  userDispatcher: Dispatcher;
  serviceDispatcher: Dispatcher;
  /** The BFF's own credentials (kubeconfig token, token file, exec plugin, the rotating ServiceAccount token). */
  serviceCredentials: ServiceCredentials;
  /** Asked when a call fails or is slow: tells an outage (etcd, apiserver) from an ordinary error. */
  health?: ClusterHealth;
  /** A call without an answer after this long triggers a health check (default 3 s). */
  slowCallMs?: number;
  /** How 429 answers (API Priority and Fairness) are retried before ClusterBusy (default `defaultBusyRetry`). */
  busyRetry?: BusyRetry;
  close(): Promise<void>;
};

class ClusterDown extends Error {
  constructor(readonly state: Exclude<ClusterState, { ok: true }>) {
    super('cluster unavailable');
  }
}

/** undici connection pool for the cluster: its TLS settings, through its proxy if it has one. */
type Tls = { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized: boolean };

function dispatcherFor(info: ClusterInfo, tls: Tls): Dispatcher {
  const opts = { keepAliveTimeout: 30_000 };
  if (info.proxyUrl) return new ProxyAgent({ uri: info.proxyUrl, requestTls: tls, ...opts });
  return new Agent({ connect: tls, ...opts });
}

export function createCluster(info: ClusterInfo): Cluster {
  const tls: Tls = {
    ...(info.ca ? { ca: info.ca } : {}),
    ...(info.tlsServerName ? { servername: info.tlsServerName } : {}),
    rejectUnauthorized: !info.insecureSkipTlsVerify,
  };
  const userDispatcher = dispatcherFor(info, tls);
  const serviceDispatcher = dispatcherFor(info, {
    ...tls,
    ...(info.credentials.cert ? { cert: info.credentials.cert } : {}),
    ...(info.credentials.key ? { key: info.credentials.key } : {}),
  });
  return {
    server: info.server,
    contextName: info.contextName,
    userDispatcher,
    serviceDispatcher,
    serviceCredentials: info.credentials,
    health: new ClusterHealth(info.server, userDispatcher),
    close: async () => {
      await Promise.all([userDispatcher.close(), serviceDispatcher.close()]);
    },
  };
}

export type Query = Record<string, string | number | boolean | undefined>;
export type K8sResult = { status: number; body: unknown; warnings: string[] };
export type CallOptions = {
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
};

/** A client for one request, acting as one identity. */
export class K8sClient {
  /**
   * @param requestId the console request this client works for: sent as `Audit-ID`, so the apiserver's
   * audit log names the same id as ServeDeck's log line and the error the user sees.
   */
  constructor(
    private readonly cluster: Cluster,
    readonly auth: K8sAuth,
    readonly requestId?: string,
  ) {}

  private dispatcher(): Dispatcher {
    return this.auth.kind === 'bearer' ? this.cluster.userDispatcher : this.cluster.serviceDispatcher;
  }

  private async headers(extra: Record<string, string>): Promise<Record<string, string | string[]>> {
    const h: Record<string, string | string[]> = { accept: 'application/json', ...extra };
    if (this.requestId) h['audit-id'] = this.requestId;
    if (this.auth.kind === 'bearer') {
      h.authorization = `Bearer ${this.auth.token}`;
    } else {
      const authorization = await this.serviceAuthorization();
      if (authorization) h.authorization = authorization;
      if (this.auth.kind === 'impersonate') {
        h['impersonate-user'] = this.auth.user;
        if (this.auth.groups.length > 0) h['impersonate-group'] = this.auth.groups;
      }
    }
    return h;
  }

  /** The BFF's own credential; a failing exec plugin is a 503 naming the plugin's error, not a crash. */
  private async serviceAuthorization(): Promise<string | undefined> {
    try {
      return await this.cluster.serviceCredentials.authorization();
    } catch (err) {
      throw apiError(503, 'CredentialsUnavailable', err instanceof Error ? err.message : String(err));
    }
  }

  url(path: string, query: Query = {}): string {
    const u = new URL(this.cluster.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /**
   * Send, and send again while the apiserver answers 429 (API Priority and Fairness rejects before doing
   * anything, so writes are safe to repeat) after its Retry-After, bounded by `busyRetry`; then
   * 429 ClusterBusy. A 401 for the BFF's own identity drops its cached credential and tries once more
   * (an exec plugin's token may have been revoked before its expiry).
   */
  private async send(
    method: Dispatcher.HttpMethod,
    path: string,
    signal: AbortSignal | undefined,
    write: boolean,
    build: (headers: Record<string, string | string[]>, signal: AbortSignal) => Promise<Dispatcher.ResponseData>,
    extraHeaders: Record<string, string>,
  ): Promise<Dispatcher.ResponseData> {
    const retry = this.cluster.busyRetry ?? defaultBusyRetry;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers = await this.headers(extraHeaders);
      const res = await this.guarded(signal, write, (s) => build(headers, s));
      if (res.statusCode === 401 && this.auth.kind !== 'bearer' && !refreshed) {
        refreshed = true;
        this.cluster.serviceCredentials.invalidate();
        // a credential that can change (plugin, rotated token file) is fetched again and the call repeated once
        if (['exec', 'auth-provider', 'token-file'].includes(this.cluster.serviceCredentials.kind)) {
          await res.body.dump();
          attempt--;
          continue;
        }
      }
      if (res.statusCode !== 429) return res;
      const delay = busyDelayMs(res.headers['retry-after'], attempt, retry);
      if (delay === undefined) {
        await res.body.dump();
        throw clusterBusy(method, path);
      }
      await res.body.dump();
      await sleep(delay, signal);
    }
  }

  /** One JSON call. Resolves for 2xx, throws HttpApiError (the Kubernetes Status mapped) otherwise. */
  async call(method: Dispatcher.HttpMethod, path: string, opts: CallOptions = {}): Promise<K8sResult> {
    const body =
      opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const write = method !== 'GET' && method !== 'HEAD';
    const url = this.url(path, opts.query);
    const res = await this.send(
      method,
      path,
      opts.signal,
      write,
      (headers, signal) =>
        request(url, {
          method,
          dispatcher: this.dispatcher(),
          headers,
          ...(body === undefined ? {} : { body }),
          signal,
          headersTimeout: 30_000,
          bodyTimeout: 60_000,
        }),
      body === undefined ? {} : { 'content-type': opts.contentType ?? 'application/json' },
    );
    const text = await res.body.text();
    const warnings = parseWarnings(res.headers.warning);
    if (res.statusCode >= 500) await this.failIfClusterDown(write);
    if (res.statusCode >= 400) throw k8sError(res.statusCode, text);
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : {};
    } catch {
      // keep the text
    }
    return { status: res.statusCode, body: parsed, warnings };
  }

  /** A streaming GET (watch, log). Throws HttpApiError when the apiserver refuses. */
  async stream(
    path: string,
    query: Query,
    signal: AbortSignal,
    accept = 'application/json',
    headersTimeoutMs = 30_000,
  ): Promise<Readable> {
    const url = this.url(path, query);
    const res = await this.send(
      'GET',
      path,
      signal,
      false,
      (headers, s) =>
        request(url, {
          method: 'GET',
          dispatcher: this.dispatcher(),
          headers,
          signal: s,
          headersTimeout: headersTimeoutMs,
          bodyTimeout: 0,
        }),
      { accept },
    );
    if (res.statusCode >= 500) {
      const text = await res.body.text();
      await this.failIfClusterDown(false);
      throw k8sError(res.statusCode, text);
    }
    if (res.statusCode >= 400) throw k8sError(res.statusCode, await res.body.text());
    return res.body;
  }

  /**
   * Send a request; while waiting for its answer, a slow call (no headers after `slowCallMs`) asks the
   * cluster's health, and an outage ends the wait with 503 ClusterUnavailable instead of hanging for the
   * 30 s headers timeout. A connection failure is ClusterUnavailable when the health check agrees.
   */
  private async guarded(
    outer: AbortSignal | undefined,
    write: boolean,
    send: (signal: AbortSignal) => Promise<Dispatcher.ResponseData>,
  ): Promise<Dispatcher.ResponseData> {
    const ac = new AbortController();
    const onOuter = () => ac.abort(outer?.reason);
    if (outer?.aborted) ac.abort(outer.reason);
    outer?.addEventListener('abort', onOuter, { once: true });
    const health = this.cluster.health;
    const slow = health
      ? setTimeout(() => {
          void health.check().then((st) => {
            if (!st.ok) ac.abort(new ClusterDown(st));
          });
        }, this.cluster.slowCallMs ?? 3000)
      : undefined;
    try {
      // the outer signal stays linked: it must still end a streamed body (watch, followed log)
      return await send(ac.signal);
    } catch (err) {
      outer?.removeEventListener('abort', onOuter);
      if (ac.signal.reason instanceof ClusterDown) throw clusterUnavailable(ac.signal.reason.state, write);
      if (outer?.aborted) throw err;
      await this.failIfClusterDown(write);
      throw k8sUnreachable();
    } finally {
      if (slow) clearTimeout(slow);
    }
  }

  private async failIfClusterDown(write: boolean): Promise<void> {
    const st = await this.cluster.health?.check();
    if (st && !st.ok) throw clusterUnavailable(st, write);
  }
}

export function isHttpApiError(err: unknown, status?: number): err is HttpApiError {
  return err instanceof HttpApiError && (status === undefined || err.apiError.status === status);
}

/** Is the apiserver answering at all? Anonymous GET /readyz; any HTTP answer below 500 counts. */
export async function probeApiserver(cluster: Cluster, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await request(`${cluster.server}/readyz`, {
      dispatcher: cluster.userDispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return res.statusCode < 500;
  } catch {
    return false;
  }
}
