import { buildCurl, type InferenceService, type InferRoute } from '@servedeck/shared';

/**
 * The console's request as a curl command: to the ingress gateway (the BFF's SERVEDECK_GATEWAY_URL when known)
 * with the `Host` of status.url, or to status.address.url for the cluster-local route. Empty when the
 * InferenceService has no (valid) URL yet.
 */
export function curlFor(args: {
  isvc: InferenceService;
  route: InferRoute;
  gatewayUrl: string | undefined;
  method: 'GET' | 'POST';
  path: string;
  payload: string;
}): string {
  const { isvc, route } = args;
  const statusUrl = route === 'cluster-local' ? isvc.status?.address?.url : isvc.status?.url;
  if (!statusUrl || !URL.canParse(statusUrl)) return '';
  const origin = new URL(statusUrl).origin;
  const gatewayUrl = route === 'cluster-local' ? origin : (args.gatewayUrl ?? origin);
  return buildCurl({
    gatewayUrl,
    statusUrl,
    method: args.method,
    protocolPath: args.path,
    ...(args.method === 'POST' ? { body: args.payload } : {}),
  });
}
