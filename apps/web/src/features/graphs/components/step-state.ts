import { INFERENCE_SERVICE, type StatusPhase } from '@servedeck/shared';
import type { Tone } from '@/components/Badge';

/** The readiness of each InferenceService a graph calls, by name (from the namespace's list the user can read). */
export type ServiceStates = ReadonlyMap<string, StatusPhase>;

export function serviceStates(items: readonly Record<string, unknown>[] | undefined): ServiceStates {
  const out = new Map<string, StatusPhase>();
  for (const o of items ?? []) {
    const row = INFERENCE_SERVICE.summarize(o);
    out.set(row.name, row.status.phase);
  }
  return out;
}

/** A step's colour: its service's phase, or an error tone when the service does not exist. */
export function toneOf(phase: StatusPhase | undefined): Tone {
  if (phase === undefined) return 'error';
  return ({ Ready: 'ok', NotReady: 'warn', Loading: 'info', Failed: 'error', Stopped: 'neutral' } as const)[phase];
}
