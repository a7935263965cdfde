import { INFER_OPERATIONS, type InferOperation, inferRouteSchema } from '@servedeck/shared';
import { z } from 'zod';

/** The console's request history, kept in this browser's localStorage (newest first, at most MAX). */
const opIdSchema = z.custom<InferOperation['id']>((v) => INFER_OPERATIONS.some((o) => o.id === v));

export const historyEntrySchema = z.object({
  at: z.string(),
  ns: z.string(),
  name: z.string(),
  op: opIdSchema,
  route: inferRouteSchema,
  model: z.string(),
  payload: z.string(),
  status: z.number(),
  totalMs: z.number(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const KEY = 'servedeck.console.history';
const MAX = 30;

/** Entries that do not parse (another version's, edited by hand) are dropped, never thrown. */
export function readHistory(): HistoryEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(v)) return [];
    return v.flatMap((e) => {
      const r = historyEntrySchema.safeParse(e);
      return r.success ? [r.data] : [];
    });
  } catch {
    return [];
  }
}

export function pushHistory(e: HistoryEntry): HistoryEntry[] {
  const next = [e, ...readHistory()].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // quota: keep the in-memory list
  }
  return next;
}

export function clearHistory(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // ignore
  }
}
