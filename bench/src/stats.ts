/** Pure statistics helpers: percentiles of samples, ratios, and reading wrk's summary line. */
import { z } from 'zod';

/** Nearest-rank percentile (p in 0..100) of unsorted samples; undefined for no samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0 || !Number.isFinite(p)) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const clamped = Math.min(100, Math.max(0, p));
  const rank = Math.max(1, Math.ceil((clamped / 100) * sorted.length));
  return sorted[rank - 1];
}

export type Summary = { count: number; min: number; p50: number; p95: number; p99: number; max: number; mean: number };

export function summarize(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    count: samples.length,
    min: Math.min(...samples),
    p50: percentile(samples, 50) ?? 0,
    p95: percentile(samples, 95) ?? 0,
    p99: percentile(samples, 99) ?? 0,
    max: Math.max(...samples),
    mean: sum / samples.length,
  };
}

/** a / b, or undefined when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || b === 0) return undefined;
  return a / b;
}

/** What the wrk Lua script prints on one line after `BENCHJSON `. Latencies in microseconds. */
export const wrkSummarySchema = z.object({
  requests: z.number().int().nonnegative(),
  duration_us: z.number().positive(),
  bytes: z.number().nonnegative(),
  errors: z.object({
    connect: z.number().int().nonnegative(),
    read: z.number().int().nonnegative(),
    write: z.number().int().nonnegative(),
    status: z.number().int().nonnegative(),
    timeout: z.number().int().nonnegative(),
  }),
  p50_us: z.number().nonnegative(),
  p99_us: z.number().nonnegative(),
  max_us: z.number().nonnegative(),
});
export type WrkSummary = z.infer<typeof wrkSummarySchema>;

export type LoadResult = {
  requests: number;
  /** Successful (non-error) requests per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
};

export type ParseError = { reason: 'NoSummary' | 'BadSummary'; message: string };

/** Find and validate the `BENCHJSON {...}` line in wrk's output. */
export function parseWrkOutput(stdout: string): { ok: true; value: LoadResult } | { ok: false; error: ParseError } {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCHJSON '));
  if (!line) return { ok: false, error: { reason: 'NoSummary', message: 'wrk printed no BENCHJSON line' } };
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice('BENCHJSON '.length));
  } catch (err) {
    return { ok: false, error: { reason: 'BadSummary', message: `not JSON: ${String(err)}` } };
  }
  const parsed = wrkSummarySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { reason: 'BadSummary', message: parsed.error.message } };
  const s = parsed.data;
  const errors = s.errors.connect + s.errors.read + s.errors.write + s.errors.status + s.errors.timeout;
  const good = Math.max(0, s.requests - s.errors.status);
  return {
    ok: true,
    value: {
      requests: s.requests,
      rps: good / (s.duration_us / 1e6),
      p50Ms: s.p50_us / 1000,
      p99Ms: s.p99_us / 1000,
      errors,
    },
  };
}
