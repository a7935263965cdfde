import { useMemo, useRef, useState } from 'react';
import '../load-test.css';
import { useFormat } from '@/i18n';
import { useMetricsT } from '../i18n';
import { histogram, type LoadResult, MAX_CONCURRENCY, MAX_REQUESTS, percentile, runLoad } from '../load-stats';

type Run = {
  total: number;
  results: LoadResult[];
  state: 'running' | 'done' | 'cancelled';
  startedAt: number;
  endedAt?: number;
};

/**
 * "Send N requests at concurrency C" for the test console: `send` sends the console's current request once
 * through the BFF (as the user) and resolves with the HTTP status (0 = no answer). Shows progress, status
 * codes, a latency histogram and p50/p95/p99 measured in the browser.
 */
export function LoadTest({
  send,
  disabled = false,
}: {
  send: (signal: AbortSignal) => Promise<number>;
  disabled?: boolean;
}) {
  const t = useMetricsT();
  const fmt = useFormat();
  const [count, setCount] = useState(100);
  const [concurrency, setConcurrency] = useState(4);
  const [run, setRun] = useState<Run | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const valid =
    Number.isInteger(count) &&
    count >= 1 &&
    count <= MAX_REQUESTS &&
    Number.isInteger(concurrency) &&
    concurrency >= 1 &&
    concurrency <= MAX_CONCURRENCY;

  const start = async () => {
    const ac = new AbortController();
    abort.current = ac;
    const results: LoadResult[] = [];
    const startedAt = performance.now();
    setRun({ total: count, results: [], state: 'running', startedAt });
    let pending = false;
    await runLoad({
      count,
      concurrency,
      signal: ac.signal,
      send,
      onResult: (r) => {
        results.push(r);
        // one render per frame at most
        if (!pending) {
          pending = true;
          requestAnimationFrame(() => {
            pending = false;
            setRun((prev) => (prev && prev.state === 'running' ? { ...prev, results: [...results] } : prev));
          });
        }
      },
    });
    setRun({
      total: count,
      results: [...results],
      state: ac.signal.aborted ? 'cancelled' : 'done',
      startedAt,
      endedAt: performance.now(),
    });
  };

  const stats = useMemo(() => {
    if (!run || run.results.length === 0) return undefined;
    const answered = run.results.filter((r) => r.status > 0);
    const ms = answered.map((r) => r.ms).sort((a, b) => a - b);
    const statuses = new Map<number, number>();
    for (const r of answered) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    return {
      ms,
      failed: run.results.length - answered.length,
      statuses: [...statuses].sort((a, b) => a[0] - b[0]),
      buckets: histogram(ms, 20),
    };
  }, [run]);

  const running = run?.state === 'running';
  const done = run?.results.length ?? 0;
  const maxBucket = Math.max(1, ...(stats?.buckets.map((b) => b.count) ?? [1]));
  return (
    <section
      className="card load-test"
      aria-label={t('load.title')}
      data-load-state={run?.state ?? 'idle'}
      data-load-done={done}
    >
      <h2 className="load-test-title">{t('load.title')}</h2>
      <p className="muted small">{t('load.intro')}</p>
      <form
        className="load-test-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !running) void start();
        }}
      >
        <label className="field">
          <span>{t('load.count')}</span>
          <input
            type="number"
            min={1}
            max={MAX_REQUESTS}
            value={count}
            onChange={(e) => setCount(e.target.valueAsNumber)}
            disabled={running}
          />
        </label>
        <label className="field">
          <span>{t('load.concurrency')}</span>
          <input
            type="number"
            min={1}
            max={MAX_CONCURRENCY}
            value={concurrency}
            onChange={(e) => setConcurrency(e.target.valueAsNumber)}
            disabled={running}
          />
        </label>
        {running ? (
          <button type="button" className="btn" onClick={() => abort.current?.abort()}>
            {t('load.cancel')}
          </button>
        ) : (
          <button type="submit" className="btn btn-primary" disabled={disabled || !valid}>
            {t('load.start', { count: Number.isFinite(count) ? count : 0 })}
          </button>
        )}
      </form>
      {!valid ? (
        <p className="state-error" role="alert">
          {t('load.invalid', { maxCount: MAX_REQUESTS, maxConcurrency: MAX_CONCURRENCY })}
        </p>
      ) : null}
      {run ? (
        <p role="status" aria-live="polite">
          {run.state === 'running'
            ? t('load.running', { done, total: run.total })
            : run.state === 'cancelled'
              ? t('load.cancelled', { done, total: run.total })
              : t('load.finished', {
                  total: run.total,
                  seconds: fmt.number(Math.round(((run.endedAt ?? run.startedAt) - run.startedAt) / 100) / 10),
                })}
        </p>
      ) : null}
      {stats ? (
        <>
          <p>
            {t('load.statuses')}: {stats.statuses.map(([s, n]) => `${s} × ${fmt.number(n)}`).join(', ')}
            {stats.failed > 0 ? ` · ${t('load.failures', { count: stats.failed })}` : ''}
          </p>
          {stats.ms.length > 0 ? (
            <>
              <p data-testid="load-percentiles">
                {t('load.percentiles', {
                  p50: fmt.ms(percentile(stats.ms, 0.5)),
                  p95: fmt.ms(percentile(stats.ms, 0.95)),
                  p99: fmt.ms(percentile(stats.ms, 0.99)),
                })}
              </p>
              <svg
                className="load-hist"
                width="100%"
                height="80"
                viewBox="0 0 200 80"
                preserveAspectRatio="none"
                role="img"
                aria-label={t('load.histogram')}
              >
                {stats.buckets.map((b, i) => (
                  <rect
                    key={b.from}
                    x={i * (200 / stats.buckets.length)}
                    width={200 / stats.buckets.length - 1}
                    y={80 - (b.count / maxBucket) * 78}
                    height={(b.count / maxBucket) * 78}
                    fill="currentColor"
                  >
                    <title>
                      {t('load.bucket', { from: Math.round(b.from), to: Math.round(b.to), count: b.count })}
                    </title>
                  </rect>
                ))}
              </svg>
              <div className="load-hist-axis" aria-hidden="true">
                <span>{fmt.ms(stats.ms[0] ?? 0)}</span>
                <span>{fmt.ms(stats.ms.at(-1) ?? 0)}</span>
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
