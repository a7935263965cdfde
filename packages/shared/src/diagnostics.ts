import { z } from 'zod';

/**
 * Diagnostics of one InferenceService beyond its status (docs/diagnostics.md): the model server's own readiness
 * next to the model's, and the merged log of a component's replicas.
 */

/** KServe's components: pods carry the label `component` with one of these. */
export const componentSchema = z.enum(['predictor', 'transformer', 'explainer']);
export type Component = z.infer<typeof componentSchema>;

/**
 * One readiness probe through the inference route: `ready` (2xx, and for V1 the model's `ready` is not false),
 * `not-ready` (the server answered otherwise: `status`), `unreachable` (no answer: `message` says why),
 * `unsupported` (a custom container: no protocol to ask).
 */
export const readinessStateSchema = z.enum(['ready', 'not-ready', 'unreachable', 'unsupported']);
export type ReadinessState = z.infer<typeof readinessStateSchema>;

export const readinessCheckSchema = z.object({
  /** The protocol path asked (`/v2/health/ready`, `/v2/models/NAME/ready`, `/v1/models`, `/v1/models/NAME`). */
  path: z.string(),
  state: readinessStateSchema,
  status: z.number().int().optional(),
  message: z.string().optional(),
});
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

/** `GET apiPaths.isvcModelReadiness`: server readiness vs model readiness (KServe V1 / V2). */
export const modelReadinessSchema = z.object({
  protocol: z.string(),
  /** The model's name on the server (KServe names it after the InferenceService). */
  model: z.string(),
  server: readinessCheckSchema,
  modelReady: readinessCheckSchema,
  /** When the checks ran (ISO). */
  checkedAt: z.string(),
});
export type ModelReadiness = z.infer<typeof modelReadinessSchema>;

/**
 * One line of the merged log (`GET apiPaths.isvcLogs`): `POD TIMESTAMP TEXT`, the pod's name, the kubelet's
 * RFC 3339 timestamp, the line. Lines that do not have that shape (a notice) come back with `time` empty.
 */
export type MergedLogLine = { pod: string; time: string; text: string };

export function parseMergedLogLine(line: string): MergedLogLine {
  const a = line.indexOf(' ');
  const b = a < 0 ? -1 : line.indexOf(' ', a + 1);
  if (a <= 0 || b < 0) return { pod: '', time: '', text: line };
  const time = line.slice(a + 1, b);
  if (!/^\d{4}-\d\d-\d\dT/.test(time)) return { pod: line.slice(0, a), time: '', text: line.slice(a + 1) };
  return { pod: line.slice(0, a), time, text: line.slice(b + 1) };
}
