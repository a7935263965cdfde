import { useEffect, useState } from 'react';
import type { StreamState } from '@/lib/watch';

/** How long the list waits for its stream to open before it is sent anyway (a proxy holding the stream back). */
export const LIST_WAIT_FOR_STREAM_MS = 500;

/**
 * Whether the list page may send its list request: once its stream has opened, failed or is not used, or
 * LIST_WAIT_FOR_STREAM_MS after it began connecting. Sent together, the list reached the BFF before the stream
 * and the apiserver served two lists (known issue 2); sent after, the BFF answers it from the stream's own
 * list-watch (live, or still on its first list: `hub.whenSynced`), so one apiserver list serves both.
 */
export function useListAfterStream(ns: string, state: StreamState): boolean {
  // kept per namespace: another namespace's stream is waited for again
  const [late, setLate] = useState<string | undefined>(undefined);
  const connecting = state === 'connecting';
  useEffect(() => {
    if (!connecting) return;
    const timer = setTimeout(() => setLate(ns), LIST_WAIT_FOR_STREAM_MS);
    return () => clearTimeout(timer);
  }, [connecting, ns]);
  return !connecting || late === ns;
}
