import { type ApiError, apiErrorSchema, type WatchEvent, watchEventSchema } from '@servedeck/shared';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { withBase } from './base-path';
import { broadcast401, sessionGone } from './http';

/**
 * `degraded`: connected, but the server reported a non-final problem on the stream (e.g. 503 ClusterUnavailable
 * while etcd is down, 503 IssuerUnavailable while Dex is down); the next change event makes it `live` again.
 */
export type StreamState = 'connecting' | 'live' | 'degraded' | 'reconnecting' | 'stopped' | 'unsupported';

export type StreamStatus = {
  state: StreamState;
  /** The last `event: error` of the stream, until the next change event (or the final error that stopped it). */
  problem?: ApiError | undefined;
};

export type StreamHandlers = {
  onChange: (event: WatchEvent, client: QueryClient) => void;
  onFinalError?: (error: ApiError) => void;
  /**
   * A non-final `event: error` the caller takes as a warning (e.g. a 403 for one namespace of an
   * all-namespaces stream): return true and it neither marks the stream degraded nor counts as final.
   */
  onWarning?: (error: ApiError) => boolean;
};

/**
 * Subscribe to a BFF watch stream (server-sent events, `event: change` carrying a WatchEvent, `event: error`
 * carrying an ApiError). The browser's EventSource reconnects by itself.
 *
 * An `event: error` does not end the stream by itself: the BFF ends the response right after a final error
 * (watch-stream.ts `endWith`) and sends no flag, so an error followed by the stream closing (before any other
 * message) is final when it is a 4xx (the stream is stopped); a 5xx then closing is retried by the browser with
 * the problem still shown. An error the stream goes on after is a status (`degraded`) until the next change.
 * A 401 always ends the stream; only the BFF's own (`Unauthenticated`) means the session is gone.
 */
export function useEventStreamStatus(url: string | undefined, handlers: StreamHandlers): StreamStatus {
  const client = useQueryClient();
  const ref = useRef(handlers);
  ref.current = handlers;
  const [status, setStatus] = useState<StreamStatus>({
    state: typeof EventSource === 'undefined' ? 'unsupported' : 'connecting',
  });
  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return;
    setStatus({ state: 'connecting' });
    const source = new EventSource(withBase(url), { withCredentials: true });
    let problem: ApiError | undefined;
    /** The last message was this error: if the stream closes now, it was final. */
    let lastError: ApiError | undefined;
    const stop = (err: ApiError) => {
      source.close();
      setStatus({ state: 'stopped', problem: err });
      if (sessionGone(err.status, err)) broadcast401(err);
      ref.current.onFinalError?.(err);
    };
    source.onopen = () => {
      lastError = undefined;
      setStatus(problem ? { state: 'degraded', problem } : { state: 'live' });
    };
    source.onerror = (e: Event) => {
      // `event: error` messages are dispatched as `error` too: those are handled below
      if (typeof (e as MessageEvent<unknown>).data === 'string') return;
      const final = lastError;
      lastError = undefined;
      if (final && final.status >= 400 && final.status < 500) {
        stop(final);
        return;
      }
      setStatus({ state: source.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting', problem });
    };
    source.addEventListener('change', (msg) => {
      const parsed = watchEventSchema.safeParse(safeJson((msg as MessageEvent<string>).data));
      if (!parsed.success) return;
      lastError = undefined;
      if (problem) {
        problem = undefined;
        setStatus({ state: 'live' });
      }
      ref.current.onChange(parsed.data, client);
    });
    source.addEventListener('error', (msg) => {
      const data = (msg as MessageEvent<string | undefined>).data;
      if (typeof data !== 'string') return; // a connection error, not an `event: error` message
      const parsed = apiErrorSchema.safeParse(safeJson(data));
      if (!parsed.success) return;
      const err = parsed.data;
      if (err.status === 401) {
        stop(err);
        return;
      }
      if (ref.current.onWarning?.(err)) return;
      lastError = err;
      problem = err;
      setStatus({ state: 'degraded', problem: err });
    });
    return () => source.close();
  }, [url, client]);
  return status;
}

/** useEventStreamStatus, for callers that only need the state. */
export function useEventStream(url: string | undefined, handlers: StreamHandlers): StreamState {
  return useEventStreamStatus(url, handlers).state;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
