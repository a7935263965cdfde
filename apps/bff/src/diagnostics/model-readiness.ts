import { inferenceServiceSchema, type ModelReadiness, protocolOf, type ReadinessCheck } from '@servedeck/shared';
import type { ProbeAnswer } from '../inference/probe';
import type { K8sObject } from '../k8s/objects';

export type ReadinessPlan =
  | { protocol: string; model: string; serverPath: string; modelPath: string }
  | { protocol: string; model: string; unsupported: string };

/**
 * What to ask, by protocol (KServe's model servers): V2 / Open Inference Protocol `GET /v2/health/ready` (the
 * server) and `GET /v2/models/NAME/ready` (the model); V1 `GET /v1/models` (the server lists its models) and
 * `GET /v1/models/NAME` (`{ name, ready }`). KServe names the model after the InferenceService.
 */
export function readinessPlan(isvc: K8sObject, name: string): ReadinessPlan {
  const parsed = inferenceServiceSchema.safeParse(isvc);
  const protocol = parsed.success ? protocolOf(parsed.data) : 'custom';
  if (protocol === 'v2' || protocol === 'grpc-v2') {
    return { protocol, model: name, serverPath: '/v2/health/ready', modelPath: `/v2/models/${name}/ready` };
  }
  if (protocol === 'v1') return { protocol, model: name, serverPath: '/v1/models', modelPath: `/v1/models/${name}` };
  return { protocol, model: name, unsupported: `No readiness protocol for a ${protocol} predictor` };
}

function messageOf(body: string): string | undefined {
  try {
    const j: unknown = JSON.parse(body);
    if (j && typeof j === 'object') {
      const o = j as Record<string, unknown>;
      for (const k of ['error', 'message', 'detail'])
        if (typeof o[k] === 'string') return (o[k] as string).slice(0, 300);
    }
  } catch {
    // not JSON: the text itself
  }
  const text = body.trim();
  return text ? text.slice(0, 300) : undefined;
}

/** One probe's answer as a check. A V1 model answer `{ ready: false }` with 200 is not ready. */
export function interpretProbe(path: string, answer: ProbeAnswer, v1Model = false): ReadinessCheck {
  if (answer.kind === 'unreachable') {
    return { path, state: 'unreachable', message: answer.message, ...(answer.status ? { status: answer.status } : {}) };
  }
  const { status, body } = answer;
  if (status >= 200 && status < 300) {
    if (v1Model) {
      try {
        const j = JSON.parse(body) as { ready?: unknown };
        if (j && typeof j === 'object' && j.ready === false) {
          return { path, state: 'not-ready', status, message: 'The server lists the model as not ready' };
        }
      } catch {
        // a 2xx without JSON: the server answered for the model
      }
    }
    return { path, state: 'ready', status };
  }
  const message = messageOf(body);
  return { path, state: 'not-ready', status, ...(message ? { message } : {}) };
}

export function unsupportedReadiness(
  plan: { protocol: string; model: string; unsupported: string },
  now: Date,
): ModelReadiness {
  const check: ReadinessCheck = { path: '', state: 'unsupported', message: plan.unsupported };
  return { protocol: plan.protocol, model: plan.model, server: check, modelReady: check, checkedAt: now.toISOString() };
}
