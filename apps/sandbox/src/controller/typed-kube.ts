/**
 * Typed results and informers for the kubelet's control loops, over the sandbox's one admin client
 * (`KubeRest`, ../kube.ts): JSON requests with merge patches and subresources answered as `KubeResult`, plus
 * list-then-watch informers from @kubernetes/client-node that resync after 410 Gone and restart after errors.
 */
import {
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  Watch,
} from '@kubernetes/client-node';
import { KubeRest, type Method } from '../kube';

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

export class TypedKube {
  /** Keep-alive connections (undici pools them): without, every request paid a TLS handshake. */
  private readonly rest: KubeRest;
  constructor(readonly kc: KubeConfig) {
    this.rest = KubeRest.fromKubeconfig(kc, 30_000);
  }

  async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<KubeResult<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(normalizeDates(body));
    let r: Awaited<ReturnType<KubeRest['call']>>;
    try {
      r = await this.rest.call(method, path, payload, contentType);
    } catch (err) {
      return {
        ok: false,
        status: 0,
        reason: 'ConnectionError',
        message: err instanceof Error ? err.message : String(err),
      };
    }
    const parsed = r.text ? r.body : {};
    if (r.status >= 200 && r.status < 300) return { ok: true, status: r.status, body: parsed as T };
    const s = (parsed ?? {}) as { reason?: string; message?: string };
    return {
      ok: false,
      status: r.status,
      reason: s.reason ?? `HTTP${r.status}`,
      message: s.message ?? r.text.slice(0, 300),
    };
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
