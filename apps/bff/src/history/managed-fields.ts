import { type OutsideChange, SERVEDECK_FIELD_MANAGER } from '@servedeck/shared';
import { z } from 'zod';
import { isRecord } from '../k8s/objects';

const entrySchema = z.object({
  manager: z.string().default(''),
  operation: z.string().default(''),
  time: z.string().optional(),
  subresource: z.string().optional(),
  fieldsV1: z.unknown().optional(),
});

/**
 * Dotted paths of the leaves of a FieldsV1 set: `{"f:spec":{"f:predictor":{"f:minReplicas":{}}}}` ->
 * `spec.predictor.minReplicas`. List items keyed by `k:{...}` / `v:...` show as `[...]`; `.` (the item itself) is skipped.
 */
export function fieldPaths(fields: unknown, prefix = ''): string[] {
  if (!isRecord(fields)) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(fields)) {
    if (key === '.') continue;
    let seg: string;
    if (key.startsWith('f:')) seg = prefix ? `${prefix}.${key.slice(2)}` : key.slice(2);
    else if (key.startsWith('k:') || key.startsWith('v:') || key.startsWith('i:')) seg = `${prefix}[${key.slice(2)}]`;
    else seg = prefix ? `${prefix}.${key}` : key;
    const below = fieldPaths(child, seg);
    if (below.length === 0) out.push(seg);
    else out.push(...below);
  }
  return out;
}

/** managedFields entries of managers other than ServeDeck, newest first (status updates left out). */
export function outsideChanges(obj: unknown): OutsideChange[] {
  const meta = isRecord(obj) && isRecord(obj.metadata) ? obj.metadata : {};
  const list = Array.isArray(meta.managedFields) ? meta.managedFields : [];
  const out: OutsideChange[] = [];
  for (const raw of list) {
    const e = entrySchema.safeParse(raw);
    if (!e.success) continue;
    const m = e.data;
    if (m.manager === SERVEDECK_FIELD_MANAGER || m.subresource === 'status') continue;
    out.push({
      manager: m.manager || 'unknown',
      operation: m.operation,
      ...(m.time === undefined ? {} : { time: m.time }),
      ...(m.subresource === undefined ? {} : { subresource: m.subresource }),
      fields: fieldPaths(m.fieldsV1),
    });
  }
  return out.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}
