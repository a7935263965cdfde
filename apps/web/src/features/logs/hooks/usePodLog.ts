import { apiPaths } from '@servedeck/shared';
import { useEffect, useState } from 'react';
import { describeError, i18n } from '@/i18n';
import { send } from '@/lib/http';

export type LogOptions = {
  ns: string;
  pod: string;
  container: string;
  tailLines: number | undefined;
  previous: boolean;
  follow: boolean;
};

/** One log request: the path, its query, and what it is for (the error's title). */
export type LogRequest = {
  ns: string;
  path: string;
  query: Record<string, string | number | boolean | undefined>;
  follow: boolean;
  action: string;
};

const MAX_CHARS = 2_000_000;

/** A pod's log: `GET podLog` (the Logs tab's single-pod view). */
export function podLogRequest(opts: LogOptions): LogRequest {
  return {
    ns: opts.ns,
    path: apiPaths.podLog(opts.ns, opts.pod),
    query: {
      container: opts.container,
      tailLines: opts.tailLines,
      previous: opts.previous || undefined,
      follow: opts.follow || undefined,
    },
    follow: opts.follow,
    action: i18n.t('actions.readLog', { pod: opts.pod }),
  };
}

/** Streams a log as text (follow keeps the response open); the text is capped to the last 2 MB. */
export function useLogStream(request: LogRequest | undefined) {
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'loading' | 'streaming' | 'done' | 'error'>('idle');
  const [error, setError] = useState<string>();
  const [pods, setPods] = useState<string[]>();
  const key = request ? JSON.stringify(request) : '';
  useEffect(() => {
    if (!key) return;
    const req = JSON.parse(key) as LogRequest;
    const ac = new AbortController();
    setText('');
    setError(undefined);
    setPods(undefined);
    setState('loading');
    (async () => {
      try {
        const res = await send(req.path, { query: req.query, headers: { accept: 'text/plain' }, signal: ac.signal });
        const merged = res.headers.get('x-log-pods');
        if (merged !== null) setPods(merged ? merged.split(',') : []);
        if (!res.body) {
          setText(await res.text());
          setState('done');
          return;
        }
        setState(req.follow ? 'streaming' : 'loading');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          setText((t) => {
            const next = t + value;
            return next.length > MAX_CHARS ? next.slice(next.length - MAX_CHARS) : next;
          });
        }
        setState('done');
      } catch (e) {
        if (ac.signal.aborted) return;
        setError(describeError(i18n.t, e, { action: req.action, namespace: req.ns }).detail);
        setState('error');
      }
    })();
    return () => ac.abort();
  }, [key]);
  return { text, state, error, pods };
}

/** Streams a pod log (kept for callers of the single-pod view). */
export function usePodLog(opts: LogOptions | undefined) {
  return useLogStream(opts ? podLogRequest(opts) : undefined);
}
