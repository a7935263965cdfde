/**
 * The gateway as the cluster's DNS + Service proxy for cluster-local names, for processes that run outside
 * the (non-existent) pod network: KServe's InferenceGraph router calls its steps at
 * `http://NAME-predictor.NS.svc.cluster.local/v1/models/...`, a name only a cluster's DNS resolves. The
 * kubelet starts the router with `HTTP_PROXY` = the gateway, so Go's HTTP client sends each step call here
 * in absolute form (`POST http://HOST/PATH`); the gateway serves it as a request to HOST, which for
 * `SERVICE.NS.svc[.cluster.local]` is that Service's ready endpoints (as kube-proxy would). Only cluster-local
 * names are proxied: the gateway is never an open proxy. Pure.
 */

const CLUSTER_LOCAL = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/;

export type ForwardTarget =
  | { ok: true; host: string; path: string }
  | { ok: false; status: 403 | 400; message: string };

/**
 * A forward-proxy request's target: undefined for an ordinary (origin-form) request, the host and path for
 * an absolute-form one naming a cluster-local host, a refusal for any other.
 */
export function forwardTarget(requestTarget: string): ForwardTarget | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(requestTarget)) return undefined;
  let url: URL;
  try {
    url = new URL(requestTarget);
  } catch {
    return { ok: false, status: 400, message: 'invalid proxy request target' };
  }
  if (url.protocol !== 'http:') {
    return { ok: false, status: 403, message: 'the sandbox gateway proxies plain http only' };
  }
  if (!CLUSTER_LOCAL.test(url.hostname.toLowerCase())) {
    return {
      ok: false,
      status: 403,
      message: `the sandbox gateway proxies only cluster-local names (SERVICE.NAMESPACE.svc.cluster.local), not ${url.hostname}`,
    };
  }
  return { ok: true, host: url.host.toLowerCase(), path: `${url.pathname}${url.search}` };
}

/** The Service a cluster-local host names (`SERVICE.NS.svc.cluster.local`, `SERVICE.NS.svc`), or undefined. */
export function clusterService(host: string): { namespace: string; name: string } | undefined {
  const m = CLUSTER_LOCAL.exec(host.toLowerCase());
  return m?.[1] && m[3] ? { name: m[1], namespace: m[3] } : undefined;
}
