/**
 * An ingress gateway's own 503 answers (Envoy's words, as Istio's and KServe's gateways and the sandbox gateway send
 * them): the text comes from the gateway, not the model server, and says where to look. Pure.
 */
export type GatewayAnswer = 'noHealthyUpstream' | 'upstreamReset';

const noHealthyUpstream = /^no healthy upstream$/i;
const upstreamReset = /^upstream connect error or disconnect\/reset before headers/i;

/** Which of the gateway's 503s an answer is, undefined for anything else (the model server's own 503 included). */
export function gatewayAnswer(status: number, body: string): GatewayAnswer | undefined {
  if (status !== 503) return undefined;
  const text = body.trim();
  if (noHealthyUpstream.test(text)) return 'noHealthyUpstream';
  if (upstreamReset.test(text)) return 'upstreamReset';
  return undefined;
}
