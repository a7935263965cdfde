import type { MetricsRange } from '@servedeck/shared';

/** Seconds between points of each range (as the BFF answers: apps/bff/src/metrics-query/ranges.ts). */
export const RANGES_STEP: Record<MetricsRange, number> = { '15m': 5, '1h': 15, '6h': 75, '24h': 300, '7d': 2100 };
