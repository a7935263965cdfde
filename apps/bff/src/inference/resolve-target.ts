import type { InferRoute } from '@servedeck/shared';
import { apiError } from '../http/api-error';
import { isRecord, type K8sObject } from '../k8s/objects';

export type InferTarget = {
  /** Where to connect (scheme://host:port), from configuration or the InferenceService status. */
  origin: string;
  /** Host header: always the host of the status URL. */
  host: string;
  /** Path prefix from the status URL (path-based routing: `/serving/NS/NAME`), no trailing slash. */
  basePath: string;
  /** Whether to send the user's ID token (the external gateway needs one; cluster-local does not). */
  bearer: boolean;
};

export type TargetConfig = { gatewayUrl: string | undefined; clusterLocalUrl: string | undefined };

function statusUrl(isvc: K8sObject, route: InferRoute): string | undefined {
  const status = isvc.status;
  if (!isRecord(status)) return undefined;
  if (route === 'gateway') return typeof status.url === 'string' ? status.url : undefined;
  const address = status.address;
  return isRecord(address) && typeof address.url === 'string' ? address.url : undefined;
}

/**
 * Where an inference request for this InferenceService goes. Only the resource's status (read as the
 * user) and the BFF's configuration decide: nothing from the incoming request.
 * - gateway: connect to SERVEDECK_GATEWAY_URL (or the status URL itself when unset) with
 *   Host = host of status.url, path prefix = path of status.url, and the user's ID token.
 * - cluster-local: status.address.url, through SERVEDECK_CLUSTER_LOCAL_URL when set (Host kept).
 */
export function resolveTarget(isvc: K8sObject, route: InferRoute, cfg: TargetConfig): InferTarget {
  const raw = statusUrl(isvc, route);
  if (!raw) {
    throw apiError(
      503,
      'NotReady',
      route === 'gateway'
        ? 'The InferenceService has no URL yet (status.url is empty)'
        : 'The InferenceService has no cluster-local address yet (status.address.url is empty)',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw apiError(502, 'BadGateway', 'The InferenceService status holds an invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw apiError(502, 'BadGateway', 'The InferenceService status URL is not http(s)');
  }
  const via = route === 'gateway' ? cfg.gatewayUrl : cfg.clusterLocalUrl;
  return {
    origin: via ? new URL(via).origin : url.origin,
    host: url.host,
    basePath: url.pathname.replace(/\/+$/, ''),
    bearer: route === 'gateway',
  };
}
