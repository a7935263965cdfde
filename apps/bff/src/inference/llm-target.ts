import { kindK8sPaths, LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { type Principal, principalKey } from '../auth/principal';
import { apiError } from '../http/api-error';
import { K8sClient } from '../k8s/client';
import { isRecord, type K8sObject } from '../k8s/objects';
import type { ProxyDeps } from './proxy-deps';
import type { InferTarget, TargetConfig } from './resolve-target';

/** OpenAI-compatible paths an LLMInferenceService answers (vLLM's server behind KServe's route). */
const LLM_PATHS = [/^\/v1\/models$/, /^\/v1\/chat\/completions$/, /^\/v1\/completions$/];

/** Accept exactly the OpenAI paths (literal matches: no `..`, `//`, percent-encoding or query can pass). */
export function checkLlmPath(raw: string): string {
  if (!LLM_PATHS.some((re) => re.test(raw)))
    throw apiError(
      400,
      'BadRequest',
      'Inference path refused: an LLMInferenceService answers /v1/models, /v1/chat/completions and /v1/completions',
    );
  return raw;
}

/** The LLMInferenceService as the user, cached a few seconds per user (the same cache as InferenceServices). */
export async function loadLlm(deps: ProxyDeps, p: Principal, ns: string, name: string): Promise<K8sObject> {
  const key = `${principalKey(p)}\u0000llm\u0000${ns}/${name}`;
  const hit = deps.isvcCache.get(key);
  if (hit !== undefined) return hit;
  return deps.isvcCache.getOrLoad(key, async () => {
    const r = await new K8sClient(deps.cluster, p.k8sAuth).call(
      'GET',
      kindK8sPaths.object(LLM_INFERENCE_SERVICE, ns, name),
    );
    if (!isRecord(r.body)) throw apiError(502, 'BadGateway', 'Unexpected LLMInferenceService answer');
    return r.body;
  });
}

const CLUSTER_LOCAL = /\.svc(\.cluster\.local)?$/;

/**
 * Where a request to an LLMInferenceService goes: its status.url (read as the user), else the first of
 * status.addresses. A cluster-local URL goes through SERVEDECK_CLUSTER_LOCAL_URL when set, without the user's
 * token; any other through SERVEDECK_GATEWAY_URL with it. The URL's path (KServe's route prefix) is kept.
 */
export function resolveLlmTarget(svc: K8sObject, cfg: TargetConfig): InferTarget {
  const status = isRecord(svc.status) ? svc.status : {};
  const addresses = Array.isArray(status.addresses) ? status.addresses : [];
  const first = addresses.find((a) => isRecord(a) && typeof a.url === 'string');
  const raw =
    typeof status.url === 'string' && status.url
      ? status.url
      : isRecord(first) && typeof first.url === 'string'
        ? first.url
        : undefined;
  if (!raw) throw apiError(503, 'NotReady', 'The LLMInferenceService has no URL yet (status.url is empty)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw apiError(502, 'BadGateway', 'The LLMInferenceService status holds an invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw apiError(502, 'BadGateway', 'The LLMInferenceService status URL is not http(s)');
  const local = CLUSTER_LOCAL.test(url.hostname);
  const via = local ? cfg.clusterLocalUrl : cfg.gatewayUrl;
  return {
    origin: via ? new URL(via).origin : url.origin,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ''),
    bearer: !local,
  };
}
