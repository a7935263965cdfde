import { type Condition, conditionSchema } from '../k8s-objects';
import type { StatusRollup } from './resource-kind';

/** Conditions of any object (`status.conditions`), the malformed ones left out. */
export function conditionsOf(obj: unknown): Condition[] {
  const status = typeof obj === 'object' && obj !== null ? (obj as { status?: unknown }).status : undefined;
  const list = typeof status === 'object' && status !== null ? (status as { conditions?: unknown }).conditions : [];
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => {
    const r = conditionSchema.safeParse(c);
    return r.success ? [r.data] : [];
  });
}

/**
 * Knative-style roll-up: Ready True is Ready; Ready False is NotReady with the first failing sub-condition's
 * reason and message (else Ready's own); no Ready yet is Loading (with a failing sub-condition's words if any).
 */
export function conditionRollup(conds: readonly Condition[]): StatusRollup {
  const ready = conds.find((c) => c.type === 'Ready');
  const failing = conds.find((c) => c.type !== 'Ready' && c.status === 'False');
  const words = (c: Condition | undefined) => ({
    ...(c?.reason ? { reason: c.reason } : {}),
    ...(c?.message ? { message: c.message } : {}),
  });
  if (ready?.status === 'True') return { phase: 'Ready' };
  if (ready?.status === 'False') return { phase: 'NotReady', ...words(failing?.message ? failing : ready) };
  return { phase: 'Loading', ...words(failing) };
}
