import type { InferRoute } from '@servedeck/shared';
import type { Principal } from '../auth/principal';
import { HttpApiError } from '../http/api-error';
import type { K8sObject } from '../k8s/objects';
import { checkProtocolPath } from './protocol-path';
import { loadIsvc, type ProxyDeps } from './proxy';
import { resolveTarget } from './resolve-target';

export type ProbeAnswer =
  | { kind: 'answer'; status: number; body: string }
  | { kind: 'unreachable'; message: string; status?: number };

/** A probe reads at most this much of an answer (a readiness answer is a few bytes). */
const MAX_BODY = 16 * 1024;

/**
 * One GET of a protocol path through the inference route, for diagnostics (model readiness): the same way in as
 * the console's requests (forwardInference): the path must pass checkProtocolPath, the target comes only from the
 * InferenceService's status read as the user (loadIsvc, resolveTarget), the user's ID token goes to the gateway,
 * no redirect is followed. `isvc` may be given when the caller has just read it through loadIsvc.
 */
export async function probeInference(
  deps: ProxyDeps,
  principal: Principal,
  call: { ns: string; name: string; path: string; route: InferRoute; requestId: string; timeoutMs: number },
  isvc?: K8sObject,
): Promise<ProbeAnswer> {
  const path = checkProtocolPath(call.path);
  const obj = isvc ?? (await loadIsvc(deps, principal, call.ns, call.name));
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget(obj, call.route, deps.target);
  } catch (err) {
    if (err instanceof HttpApiError) return { kind: 'unreachable', message: err.apiError.message };
    throw err;
  }
  const headers: Record<string, string> = {
    host: target.host,
    accept: 'application/json',
    'x-request-id': call.requestId,
  };
  if (target.bearer && principal.gatewayToken) headers.authorization = `Bearer ${principal.gatewayToken}`;
  const signal = AbortSignal.timeout(Math.min(call.timeoutMs, deps.timeoutMs));
  try {
    const res = await deps.dispatcher.request({
      origin: target.origin,
      path: `${target.basePath}${path}`,
      method: 'GET',
      headers,
      signal,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
    });
    let body = '';
    for await (const chunk of res.body) {
      if (body.length < MAX_BODY) body += String(chunk);
    }
    if (res.statusCode >= 300 && res.statusCode < 400) {
      return {
        kind: 'unreachable',
        status: res.statusCode,
        message: 'The gateway redirected (a login?); not followed',
      };
    }
    return { kind: 'answer', status: res.statusCode, body: body.slice(0, MAX_BODY) };
  } catch (err) {
    if (signal.aborted) return { kind: 'unreachable', message: `No answer within ${call.timeoutMs} ms` };
    const code =
      (err as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code;
    return {
      kind: 'unreachable',
      message: `The inference endpoint is not reachable (${typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'error'})`,
    };
  }
}
