import {
  type ApiError,
  apiErrorSchema,
  foldWatchEvent,
  type RawList,
  type RawObject,
  type WatchEvent,
  watchEventSchema,
} from '@servedeck/shared';
import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { withBase } from './base-path';
import { broadcast401 } from './http';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped' | 'unsupported';

/**
 * Subscribe to a BFF watch stream (server-sent events, `event: change` carrying a WatchEvent, `event: error`
 * carrying an ApiError). The browser's EventSource reconnects by itself; a final error (401/403) stops it.
 */
export function useEventStream(
  url: string | undefined,
  handlers: { onChange: (event: WatchEvent, client: QueryClient) => void; onFinalError?: (error: ApiError) => void },
): StreamState {
  const client = useQueryClient();
  const ref = useRef(handlers);
  ref.current = handlers;
  const [state, setState] = useState<StreamState>(typeof EventSource === 'undefined' ? 'unsupported' : 'connecting');
  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return;
    setState('connecting');
    const source = new EventSource(withBase(url), { withCredentials: true });
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting');
    source.addEventListener('change', (msg) => {
      const parsed = watchEventSchema.safeParse(safeJson((msg as MessageEvent<string>).data));
      if (parsed.success) ref.current.onChange(parsed.data, client);
    });
    source.addEventListener('error', (msg) => {
      const data = (msg as MessageEvent<string | undefined>).data;
      if (typeof data !== 'string') return; // a connection error, not an `event: error` message
      const parsed = apiErrorSchema.safeParse(safeJson(data));
      if (parsed.success && [401, 403, 404].includes(parsed.data.status)) {
        source.close();
        setState('stopped');
        if (parsed.data.status === 401) broadcast401(parsed.data);
        ref.current.onFinalError?.(parsed.data);
      }
    });
    return () => source.close();
  }, [url, client]);
  return state;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Fold one event into a cached list with setQueryData (never refetches). */
export function foldIntoList(
  client: QueryClient,
  key: QueryKey,
  event: WatchEvent,
  keep?: (o: RawObject) => boolean,
): void {
  client.setQueryData<RawList>(key, (old) => foldWatchEvent(old, event, keep));
}
