/** Statistics of a browser-side load test: percentiles and a latency histogram. Pure. */

/** Nearest-rank percentile of ascending-sorted values (q in 0..1); NaN for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export type Bucket = { from: number; to: number; count: number };

/** `bins` equal-width buckets from the smallest to the largest value (one bucket when they are equal). */
export function histogram(values: readonly number[], bins = 20): Bucket[] {
  if (values.length === 0) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === min) return [{ from: min, to: max, count: values.length }];
  const width = (max - min) / bins;
  const out: Bucket[] = Array.from({ length: bins }, (_, i) => ({
    from: min + i * width,
    to: min + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) {
    const i = Math.min(bins - 1, Math.floor((v - min) / width));
    const b = out[i];
    if (b) b.count += 1;
  }
  return out;
}

export const MAX_REQUESTS = 1000;
export const MAX_CONCURRENCY = 16;

export type LoadResult = { ms: number; status: number };

/**
 * Send `count` requests, `concurrency` at a time, until done or `signal` aborts. `send` resolves with the
 * HTTP status (0 = no answer). `onResult` is called after each request.
 */
export async function runLoad(o: {
  count: number;
  concurrency: number;
  signal: AbortSignal;
  send: (signal: AbortSignal) => Promise<number>;
  onResult: (r: LoadResult) => void;
  now?: () => number;
}): Promise<void> {
  const now = o.now ?? (() => performance.now());
  let next = 0;
  const worker = async () => {
    while (!o.signal.aborted && next < o.count) {
      next += 1;
      const t0 = now();
      let status = 0;
      try {
        status = await o.send(o.signal);
      } catch {
        status = 0;
      }
      if (o.signal.aborted) return;
      o.onResult({ ms: now() - t0, status });
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.count) }, worker));
}
