/**
 * A busy apiserver: API Priority and Fairness answers 429 with `Retry-After` (seconds) when a priority
 * level's queues are full. ServeDeck waits as told, with a bounded exponential floor, a few times; then
 * the user sees 429 ClusterBusy ("the cluster is busy"), never a generic error.
 */
import { apiError, type HttpApiError } from '../http/api-error';

export type BusyRetry = {
  /** Retries after the first 429 (0: report ClusterBusy at once). */
  retries: number;
  /** Floor of the wait before retry n: `baseMs * 2^n`. */
  baseMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
};

/** 3 retries: with APF's usual `Retry-After: 1` the waits are 1 s, 1 s, 2 s (4 s in all). */
export const defaultBusyRetry: BusyRetry = { retries: 3, baseMs: 500, maxDelayMs: 4000 };

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long to wait before retry `attempt` (0-based), or undefined when the retries are used up. */
export function busyDelayMs(header: string | string[] | undefined, attempt: number, p: BusyRetry): number | undefined {
  if (attempt >= p.retries) return undefined;
  const floor = p.baseMs * 2 ** attempt;
  return Math.min(p.maxDelayMs, Math.max(floor, retryAfterMs(header) ?? 0));
}

export function clusterBusy(method: string, path: string): HttpApiError {
  return apiError(
    429,
    'ClusterBusy',
    `The cluster is busy: the Kubernetes API server is limiting requests (API Priority and Fairness) and refused ${method} ${path} after several retries. ServeDeck keeps retrying; try again in a moment.`,
  );
}

/** Wait `ms`, or less when `signal` aborts (then reject with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done, fail) => {
    if (signal?.aborted) {
      fail(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      done();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      fail(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
