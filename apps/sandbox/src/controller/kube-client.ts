/**
 * A small REST client for the apiserver (admin kubeconfig): JSON requests with merge patches and
 * subresources, plus list-then-watch informers from @kubernetes/client-node that resync after 410 Gone
 * and restart after errors.
 */
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import {
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  Watch,
} from '@kubernetes/client-node';

export type KubeResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; reason: string; message: string };

/** Dates become RFC 3339 with seconds precision (what metav1.Time prints); undefined fields are dropped. */
function normalizeDates(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Array.isArray(v)) return v.map(normalizeDates);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = normalizeDates(x);
    return o;
  }
  return v;
}

export class KubeClient {
  private readonly server: string;
  /**
   * Keep-alive connections: without an agent every request paid a TLS handshake, most of the controller's
   * CPU on a resync (the agent pools sockets per TLS options, i.e. per client certificate). Undefined for a
   * kubeconfig that skips TLS verification or names a TLS server: those keep the library's agent.
   */
  private readonly agent: Agent | undefined;
  constructor(readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = cluster.server;
    if (!cluster.skipTLSVerify && !cluster.tlsServerName) this.agent = new Agent({ keepAlive: true, maxSockets: 16 });
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<KubeResult<T>> {
    const url = new URL(this.server + path);
    const opts: RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { accept: 'application/json' },
    };
    await this.kc.applyToHTTPSOptions(opts);
    // applyToHTTPSOptions leaves ca/cert/key on opts and a new single-use agent; ours pools by those options
    if (this.agent) opts.agent = this.agent;
    const payload = body === undefined ? undefined : JSON.stringify(normalizeDates(body));
    if (payload !== undefined)
      opts.headers = { ...opts.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(payload) };
    return new Promise((resolve) => {
      const req = httpsRequest(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            /* not JSON */
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true, status, body: parsed as T });
          else {
            const s = (parsed ?? {}) as { reason?: string; message?: string };
            resolve({
              ok: false,
              status,
              reason: s.reason ?? `HTTP${status}`,
              message: s.message ?? text.slice(0, 300),
            });
          }
        });
      });
      req.on('error', (err) => resolve({ ok: false, status: 0, reason: 'ConnectionError', message: err.message }));
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T>(path: string) {
    return this.request<T>('GET', path);
  }
  create<T>(path: string, body: unknown) {
    return this.request<T>('POST', path, body);
  }
  mergePatch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body, 'application/merge-patch+json');
  }
  delete(path: string, body?: unknown) {
    return this.request<unknown>('DELETE', path, body);
  }

  /** A list-then-watch cache over `path` (e.g. `/api/v1/pods`); restarts itself after errors. */
  informer<T extends KubernetesObject>(path: string, onError: (err: unknown) => void, query = ''): ListWatch<T> {
    const listFn = async (): Promise<KubernetesListObject<T>> => {
      const r = await this.get<KubernetesListObject<T>>(`${path}${query ? `?${query}` : ''}`);
      if (!r.ok) throw Object.assign(new Error(`list ${path}: ${r.message}`), { statusCode: r.status });
      return r.body;
    };
    const params = new URLSearchParams(query);
    const lw = new ListWatch<T>(
      path,
      new Watch(this.kc),
      listFn,
      false,
      params.get('labelSelector') ?? undefined,
      params.get('fieldSelector') ?? undefined,
    );
    lw.on('error', (err) => {
      onError(err);
      setTimeout(() => {
        lw.start().catch(onError);
      }, 2000).unref();
    });
    return lw;
  }
}

export function nsPath(
  group: string,
  version: string,
  namespace: string,
  plural: string,
  name?: string,
  sub?: string,
): string {
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return `${base}/namespaces/${namespace}/${plural}${name ? `/${name}` : ''}${sub ? `/${sub}` : ''}`;
}
