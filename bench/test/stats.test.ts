import { describe, expect, it } from 'vitest';
import { parseWrkOutput, percentile, ratio, summarize } from '../src/stats';

describe('percentile', () => {
  it('uses the nearest rank of the sorted samples', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
  });
  it('is undefined without samples and clamps p', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([3], 150)).toBe(3);
    expect(percentile([3, 4], -5)).toBe(3);
  });
  it('does not reorder the input', () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('summarize and ratio', () => {
  it('summarises samples', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toMatchObject({ count: 100, min: 1, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(summarize([])).toBeUndefined();
  });
  it('divides only what can be divided', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
  });
});

describe('parseWrkOutput', () => {
  const line =
    'BENCHJSON {"requests":1000,"duration_us":2000000,"bytes":5000,"errors":{"connect":0,"read":0,"write":0,"status":10,"timeout":2},"p50_us":1500,"p99_us":9000,"max_us":12000}';
  it('reads the summary line among wrk output', () => {
    const r = parseWrkOutput(`Running 2s test @ http://x\n  2 threads\n${line}\n`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual({ requests: 1000, rps: 495, p50Ms: 1.5, p99Ms: 9, errors: 12 });
  });
  it('says why when there is no or a bad summary', () => {
    expect(parseWrkOutput('nothing')).toMatchObject({ ok: false, error: { reason: 'NoSummary' } });
    expect(parseWrkOutput('BENCHJSON {oops')).toMatchObject({ ok: false, error: { reason: 'BadSummary' } });
    expect(parseWrkOutput('BENCHJSON {"requests":-1}')).toMatchObject({ ok: false, error: { reason: 'BadSummary' } });
  });
});
