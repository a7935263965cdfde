import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher, request } from 'undici';
import { HttpApiError } from '../http/api-error';
import { k8sError, k8sUnreachable, parseWarnings } from './errors';
import { ClusterHealth, type ClusterState, clusterUnavailable } from './health';
import type { ClusterInfo } from './kubeconfig';

/** How a request authenticates to the apiserver. There is no privileged fallback. */
export type K8sAuth =
  | { kind: 'bearer'; token: string }
  /** trusted-header mode: the BFF's own credentials plus Impersonate-User / Impersonate-Group. */
  | { kind: 'impersonate'; user: string; groups: string[] }
  /** kubeconfig mode: the kubeconfig's identity itself (single-user, local). */
  | { kind: 'kubeconfig' };

/** The cluster endpoint with two connection pools: CA only (user tokens) and CA plus the kubeconfig's client cert. */
export type Cluster = {
  server: string;
  userDispatcher: Dispatcher;
  serviceDispatcher: Dispatcher;
  /** The BFF's own bearer token (kubeconfig token or the rotating ServiceAccount token), if any. */
  serviceToken(): string | undefined;
  /** Asked when a call fails or is slow: tells an outage (etcd, apiserver) from an ordinary error. */
  health?: ClusterHealth;
  /** A call without an answer after this long triggers a health check (default 3 s). */
  slowCallMs?: number;
  close(): Promise<void>;
};

class ClusterDown extends Error {
  constructor(readonly state: Exclude<ClusterState, { ok: true }>) {
    super('cluster unavailable');
  }
}

function tokenSource(info: ClusterInfo): () => string | undefined {
  const { token, tokenFile } = info.credentials;
  if (!tokenFile) return () => token;
  let cached: { value: string | undefined; at: number } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 60_000) {
      let value: string | undefined;
      try {
        value = readFileSync(tokenFile, 'utf8').trim() || undefined;
      } catch {
        value = undefined;
      }
      cached = { value, at: Date.now() };
    }
    return cached.value;
  };
}

export function createCluster(info: ClusterInfo): Cluster {
  const tls = { ...(info.ca ? { ca: info.ca } : {}), rejectUnauthorized: !info.insecureSkipTlsVerify };
  const userDispatcher = new Agent({ connect: tls, keepAliveTimeout: 30_000 });
  const serviceDispatcher = new Agent({
    connect: {
      ...tls,
      ...(info.credentials.cert ? { cert: info.credentials.cert } : {}),
      ...(info.credentials.key ? { key: info.credentials.key } : {}),
    },
    keepAliveTimeout: 30_000,
  });
  return {
    server: info.server,
    userDispatcher,
    serviceDispatcher,
    serviceToken: tokenSource(info),
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
  constructor(
    private readonly cluster: Cluster,
    readonly auth: K8sAuth,
  ) {}

  private dispatcher(): Dispatcher {
    return this.auth.kind === 'bearer' ? this.cluster.userDispatcher : this.cluster.serviceDispatcher;
  }

  private headers(extra: Record<string, string>): Record<string, string | string[]> {
    const h: Record<string, string | string[]> = { accept: 'application/json', ...extra };
    if (this.auth.kind === 'bearer') {
      h.authorization = `Bearer ${this.auth.token}`;
    } else {
      const token = this.cluster.serviceToken();
      if (token) h.authorization = `Bearer ${token}`;
      if (this.auth.kind === 'impersonate') {
        h['impersonate-user'] = this.auth.user;
        if (this.auth.groups.length > 0) h['impersonate-group'] = this.auth.groups;
      }
    }
    return h;
  }

  url(path: string, query: Query = {}): string {
    const u = new URL(this.cluster.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** One JSON call. Resolves for 2xx, throws HttpApiError (the Kubernetes Status mapped) otherwise. */
  async call(method: Dispatcher.HttpMethod, path: string, opts: CallOptions = {}): Promise<K8sResult> {
    const body =
      opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const write = method !== 'GET' && method !== 'HEAD';
    const res = await this.guarded(opts.signal, write, (signal) =>
      request(this.url(path, opts.query), {
        method,
        dispatcher: this.dispatcher(),
        headers: this.headers(body === undefined ? {} : { 'content-type': opts.contentType ?? 'application/json' }),
        ...(body === undefined ? {} : { body }),
        signal,
        headersTimeout: 30_000,
        bodyTimeout: 60_000,
      }),
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
    const res = await this.guarded(signal, false, (s) =>
      request(this.url(path, query), {
        method: 'GET',
        dispatcher: this.dispatcher(),
        headers: this.headers({ accept }),
        signal: s,
        headersTimeout: headersTimeoutMs,
        bodyTimeout: 0,
      }),
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
