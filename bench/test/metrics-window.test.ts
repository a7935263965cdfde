import { describe, expect, it } from 'vitest';
import { producedNumbers } from '../src/check';
import type { MetricsPhaseResults } from '../src/metrics-route';
import { missingRates, routeWindow, seriesIn } from '../src/metrics-window';

const matrix = (n: number) =>
  JSON.stringify({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: Array.from({ length: n }, (_, i) => ({ metric: { isvc: `isvc-${i}` }, values: [[60, '0.5']] })),
    },
  });
const counted = (n: number | undefined) =>
  JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: n === undefined ? [] : [{ metric: {}, value: [1_700_000_000.1, String(n)] }],
    },
  });

describe("the namespace route's window (metrics-window.ts)", () => {
  it('ends at the last whole step, 30 minutes long, as the route asks', () => {
    // 00:30:59.9 UTC on a day: the window still ends at 00:30:00
    const at = Date.UTC(2026, 11, 7, 0, 30, 59, 900);
    const end = Date.UTC(2026, 11, 7, 0, 30, 0) / 1000;
    expect(routeWindow(at, 1800, 60)).toEqual({ start: end - 1800, end, step: 60 });
    expect(routeWindow(Date.UTC(2026, 11, 7, 0, 31, 0), 1800, 60).end).toBe(Date.UTC(2026, 11, 7, 0, 31, 0) / 1000);
  });

  it('counts series of a range answer and the value of count()', () => {
    expect(seriesIn(matrix(0), false)).toBe(0);
    expect(seriesIn(matrix(7), false)).toBe(7);
    expect(seriesIn(counted(5000), true)).toBe(5000);
    expect(seriesIn(counted(undefined), true)).toBe(0);
    expect(seriesIn(JSON.stringify({ status: 'error', error: 'bad' }), false)).toBe(0);
  });

  it('names what is missing: the scrapes, or the whole minute after them', () => {
    const end = Date.UTC(2026, 11, 6, 23, 45, 0) / 1000;
    expect(missingRates({ isvcs: 5000, now: 5000, inRange: 5000, end })).toBeUndefined();
    expect(missingRates({ isvcs: 5000, now: 1200, inRange: 0, end })).toMatch(
      /rates for 1200 of 5000 InferenceServices now .*two scrapes/,
    );
    // ci5: every rate there now, but the route's range ended before the second scrape
    expect(missingRates({ isvcs: 5000, now: 5000, inRange: 0, end })).toMatch(
      /23:45:00 UTC\) holds 0 of 5000 .* no whole minute has passed since the second scrape/,
    );
  });
});

describe('--check of the namespace route', () => {
  const phase = (answered: number, errors: string[] = []): MetricsPhaseResults => ({
    isvc: undefined,
    namespace: {
      isvcs: 5000,
      series: 5000,
      prometheus: 'Prometheus 3',
      answered,
      bytes: 1,
      routeUncached: undefined,
      routeCached: undefined,
      direct: undefined,
    },
    errors,
    load: { start: [], end: [] },
    how: '',
  });
  const answeredCheck = (m: MetricsPhaseResults | undefined, failures: string[] = []) =>
    producedNumbers(['metrics'], undefined, undefined, undefined, failures, { metrics: m }).find(
      (c) => c.name === 'namespace route answered every InferenceService',
    );

  it('fails a round that answered fewer than all, saying how many', () => {
    expect(answeredCheck(phase(5000))?.ok).toBe(true);
    const c = answeredCheck(phase(0));
    expect(c?.ok).toBe(false);
    expect(c?.why).toBe("a round's answer held 0 of 5000 InferenceServices");
  });

  it('without a namespace result, gives the namespace error, not "0 of 0"', () => {
    const why = 'namespace: Error: after 120 s: the route’s range holds 0 of 5000';
    const m = { ...phase(0, [why]), namespace: undefined };
    const c = answeredCheck(m, [`metrics: ${why}`]);
    expect(c?.ok).toBe(false);
    expect(c?.why).toBe(why);
  });
});
