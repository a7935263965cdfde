import { type Dispatcher, request } from 'undici';
import { apiError, type HttpApiError } from '../http/api-error';

export type ClusterState =
  | { ok: true }
  /** storage: the apiserver answers but its etcd check fails; unreachable: no answer at all. */
  | { ok: false; why: 'storage' | 'unreachable' | 'not-ready'; detail: string };

/**
 * Is the cluster usable? Anonymous `GET /readyz?verbose` (public in every Kubernetes), asked only when a
 * call failed or is slow, and shared for `ttlMs` so an outage costs one probe per couple of seconds.
 *
 * With etcd down, the apiserver runs its `etcd` and `etcd-readiness` checks one after the other, each
 * waiting out its own 2 s timeout (measured: readyz answers after ~4 s). `etcd-readiness` is excluded
 * (the `etcd` check says the same), so an etcd outage is told apart from a dead apiserver in ~2 s, well
 * inside `timeoutMs`.
 */
export class ClusterHealth {
  private last: { at: number; state: Promise<ClusterState> } | undefined;

  constructor(
    private readonly server: string,
    private readonly dispatcher: Dispatcher,
    private readonly ttlMs = 2000,
    private readonly timeoutMs = 4000,
  ) {}

  check(): Promise<ClusterState> {
    const now = Date.now();
    if (this.last && now - this.last.at < this.ttlMs) return this.last.state;
    const state = this.probe();
    this.last = { at: now, state };
    return state;
  }

  private async probe(): Promise<ClusterState> {
    try {
      const res = await request(`${this.server}/readyz?verbose&exclude=etcd-readiness`, {
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.body.text();
      if (res.statusCode < 500) return { ok: true };
      const failed = text
        .split('\n')
        .filter((l) => l.startsWith('[-]'))
        .map((l) => l.slice(3).split(' ')[0] ?? '');
      if (failed.some((f) => f.startsWith('etcd'))) return { ok: false, why: 'storage', detail: failed.join(', ') };
      return { ok: false, why: 'not-ready', detail: failed.join(', ') || `readyz ${res.statusCode}` };
    } catch (err) {
      return { ok: false, why: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** 503 ClusterUnavailable: what is down, and what it means for the user. */
export function clusterUnavailable(state: Exclude<ClusterState, { ok: true }>, write: boolean): HttpApiError {
  const what =
    state.why === 'storage'
      ? 'the Kubernetes API server cannot reach its storage (etcd)'
      : state.why === 'unreachable'
        ? 'the Kubernetes API server is not answering'
        : `the Kubernetes API server is not ready (${state.detail})`;
  const then = write
    ? ' A change sent now may or may not have been applied: check once the cluster is back.'
    : ' ServeDeck shows live data again as soon as it is back.';
  return apiError(503, 'ClusterUnavailable', `The cluster is unavailable: ${what}.${then}`);
}
