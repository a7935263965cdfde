import type { MetricsRange } from '@servedeck/shared';

/** Length, step (≤ ~300 points) and rate window of each range the metrics route offers. */
export type RangeSpec = { seconds: number; step: number; window: string };

export const RANGES: Record<MetricsRange, RangeSpec> = {
  '15m': { seconds: 15 * 60, step: 5, window: '1m' },
  '1h': { seconds: 3600, step: 15, window: '2m' },
  '6h': { seconds: 6 * 3600, step: 75, window: '5m' },
  '24h': { seconds: 24 * 3600, step: 300, window: '10m' },
  '7d': { seconds: 7 * 24 * 3600, step: 2100, window: '1h' },
};

/** The range's window ending at `now` (unix seconds), aligned to the step so refreshes line up. */
export function rangeWindow(range: MetricsRange, now: number): { start: number; end: number; step: number } {
  const spec = RANGES[range];
  const end = Math.floor(now / spec.step) * spec.step;
  return { start: end - spec.seconds, end, step: spec.step };
}
