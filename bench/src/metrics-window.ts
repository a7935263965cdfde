/**
 * When the namespace metrics route can answer: it asks Prometheus for the last 30 minutes ending at the last
 * whole minute (apps/bff/src/metrics-query/namespace-rates.ts), and `rate(...[5m])` has a value at a step only
 * once two scrapes lie before it. A Prometheus started seconds ago therefore answers the route with no series
 * until the first whole minute after its second scrape: an instant query "now" already has every rate by then.
 */
import { z } from 'zod';

export type RangeWindow = { start: number; end: number; step: number };

/** The route's window at `nowMs`: `historyS` back from the last whole `stepS`, in seconds. */
export function routeWindow(nowMs: number, historyS: number, stepS: number): RangeWindow {
  const end = Math.floor(nowMs / 1000 / stepS) * stepS;
  return { start: end - historyS, end, step: stepS };
}

const answer = z.object({
  status: z.literal('success'),
  data: z.object({ result: z.array(z.object({ value: z.tuple([z.number(), z.string()]).optional() })) }),
});

/** Series in a Prometheus answer (`query_range`'s matrix, or the vector of `count(...)`'s one value). */
export function seriesIn(text: string, counted: boolean): number {
  const parsed = answer.safeParse(JSON.parse(text));
  if (!parsed.success) return 0;
  const result = parsed.data.data.result;
  if (!counted) return result.length;
  const n = Number(result[0]?.value?.[1] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export type RatesSeen = {
  isvcs: number;
  /** Rates an instant query finds now (two scrapes done). */
  now: number;
  /** Series in the route's own range query (its window ending at `end`). */
  inRange: number;
  /** The route window's end, seconds since the epoch. */
  end: number;
};

const hhmmss = (s: number) => new Date(s * 1000).toISOString().slice(11, 19);

/** What keeps the route from answering every InferenceService, or undefined when nothing does. */
export function missingRates(s: RatesSeen): string | undefined {
  if (s.inRange >= s.isvcs) return undefined;
  if (s.now < s.isvcs)
    return `the bench Prometheus has rates for ${s.now} of ${s.isvcs} InferenceServices now (rate() over 5m needs two scrapes of each series)`;
  return `the route's range (30 min to the last whole minute, ${hhmmss(s.end)} UTC) holds ${s.inRange} of ${s.isvcs} InferenceServices' rates, although ${s.now} have one now: no whole minute has passed since the second scrape`;
}
