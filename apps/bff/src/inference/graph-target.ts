import { INFERENCE_GRAPH, kindK8sPaths } from '@servedeck/shared';
import { type Principal, principalKey } from '../auth/principal';
import { apiError } from '../http/api-error';
import { K8sClient } from '../k8s/client';
import { isRecord, type K8sObject } from '../k8s/objects';
import type { ProxyDeps } from './proxy-deps';
import type { InferTarget, TargetConfig } from './resolve-target';

/** A graph's router answers on its root path only (KServe's cmd/router serves every path with the graph). */
export function checkGraphPath(raw: string): string {
  if (raw !== '/') throw apiError(400, 'BadRequest', 'Inference path refused: an InferenceGraph is called at /');
  return raw;
}

/** The InferenceGraph as the user, cached a few seconds per user (the same cache as InferenceServices). */
export async function loadGraph(deps: ProxyDeps, p: Principal, ns: string, name: string): Promise<K8sObject> {
  const key = `${principalKey(p)}\u0000graph\u0000${ns}/${name}`;
  const hit = deps.isvcCache.get(key);
  if (hit !== undefined) return hit;
  return deps.isvcCache.getOrLoad(key, async () => {
    const r = await new K8sClient(deps.cluster, p.k8sAuth).call('GET', kindK8sPaths.object(INFERENCE_GRAPH, ns, name));
    if (!isRecord(r.body)) throw apiError(502, 'BadGateway', 'Unexpected InferenceGraph answer');
    return r.body;
  });
}

const CLUSTER_LOCAL = /\.svc(\.cluster\.local)?$/;

/**
 * Where a request to an InferenceGraph goes: its status.url (read as the user) only. A cluster-local URL
 * (`NAME.NS.svc.cluster.local`, KServe's raw-mode router Service) goes through SERVEDECK_CLUSTER_LOCAL_URL
 * when set, without the user's token (as inside the cluster); any other through SERVEDECK_GATEWAY_URL with it.
 */
export function resolveGraphTarget(graph: K8sObject, cfg: TargetConfig): InferTarget {
  const status = graph.status;
  const raw = isRecord(status) && typeof status.url === 'string' ? status.url : undefined;
  if (!raw) throw apiError(503, 'NotReady', 'The InferenceGraph has no URL yet (status.url is empty)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw apiError(502, 'BadGateway', 'The InferenceGraph status holds an invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw apiError(502, 'BadGateway', 'The InferenceGraph status URL is not http(s)');
  }
  const local = CLUSTER_LOCAL.test(url.hostname);
  const via = local ? cfg.clusterLocalUrl : cfg.gatewayUrl;
  return {
    origin: via ? new URL(via).origin : url.origin,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ''),
    bearer: !local,
  };
}
