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

const MAX_CHARS = 2_000_000;

/** Streams a pod log (follow keeps the response open); the text is capped to the last 2 MB. */
export function usePodLog(opts: LogOptions | undefined) {
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'loading' | 'streaming' | 'done' | 'error'>('idle');
  const [error, setError] = useState<string>();
  const key = opts ? JSON.stringify(opts) : '';
  useEffect(() => {
    if (!key) return;
    const opts = JSON.parse(key) as LogOptions;
    const ac = new AbortController();
    setText('');
    setError(undefined);
    setState('loading');
    (async () => {
      try {
        const res = await send(apiPaths.podLog(opts.ns, opts.pod), {
          query: {
            container: opts.container,
            tailLines: opts.tailLines,
            previous: opts.previous || undefined,
            follow: opts.follow || undefined,
          },
          headers: { accept: 'text/plain' },
          signal: ac.signal,
        });
        if (!res.body) {
          setText(await res.text());
          setState('done');
          return;
        }
        setState(opts.follow ? 'streaming' : 'loading');
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
        setError(
          describeError(i18n.t, e, { action: i18n.t('actions.readLog', { pod: opts.pod }), namespace: opts.ns }).detail,
        );
        setState('error');
      }
    })();
    return () => ac.abort();
  }, [key]);
  return { text, state, error };
}
