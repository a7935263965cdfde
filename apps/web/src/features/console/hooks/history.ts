import type { InferOperation, InferRoute } from '@servedeck/shared';

export type HistoryEntry = {
  at: string;
  ns: string;
  name: string;
  op: InferOperation['id'];
  route: InferRoute;
  model: string;
  payload: string;
  status: number;
  totalMs: number;
};

const KEY = 'servedeck.console.history';
const MAX = 30;

export function readHistory(): HistoryEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as HistoryEntry[]) : [];
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
