import { apiErrorFromK8s } from '@servedeck/shared';
import { apiError, HttpApiError } from '../http/api-error';

/** Turn a failing apiserver answer (status and raw body) into the shared ApiError. */
export function k8sError(status: number, bodyText: string): HttpApiError {
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // not JSON: apiErrorFromK8s keeps (a prefix of) the text as the message
  }
  return new HttpApiError(apiErrorFromK8s(status, body));
}

export function k8sUnreachable(): HttpApiError {
  return apiError(503, 'UpstreamUnavailable', 'The Kubernetes API server is not reachable');
}

/**
 * Warning headers (RFC 7234 §5.5): `299 - "text"`. The apiserver sends one header per warning;
 * a proxy may have joined them with commas, so parse every quoted warning in every value.
 */
export function parseWarnings(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  const out: string[] = [];
  const re = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
  for (const v of values) {
    let matched = false;
    for (const m of v.matchAll(re)) {
      matched = true;
      out.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
    }
    if (!matched && v.trim().length > 0) out.push(v.trim());
  }
  return out;
}
