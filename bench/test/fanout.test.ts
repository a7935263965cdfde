import { describe, expect, it } from 'vitest';
import type { ListPageResult } from '../src/browser';
import { producedNumbers } from '../src/check';
import { type FanoutResults, fanoutNamespaces, fanoutUser, readGauges, renderFanout } from '../src/fanout';
import { parseArgs } from '../src/main';

const step = (users: number, completed: number, joined: number) => ({
  users,
  completed,
  joined,
  complete: completed
    ? { count: completed, min: 900, p50: 1200, p95: 1600, p99: 1700, max: 1800, mean: 1300 }
    : undefined,
  bffRss: 300 * 1024 * 1024,
  upstreamWatches: 200,
  sharedWatches: 200,
  accessReviews: users * 201,
  bytesPerUser: 40 * 1024 * 1024,
  load: [1.5, 1.2, 1],
});

const result = (brokeAt?: string): FanoutResults => ({
  shared: true,
  objects: 20_000,
  namespaces: 200,
  setupS: 300,
  reference: undefined,
  steps: [step(1, 1, 1), step(5, 3, 4)],
  writeLatency: undefined,
  deliveries: 0,
  expectedDeliveries: 250,
  bffPeak: 900 * 1024 * 1024,
  brokeAt,
  bffHow: 'node apps/bff/dist/main.js (the bundle)',
  notes: ['a note'],
});

describe('fanout phase', () => {
  it('is part of the full run and can run alone', () => {
    expect(parseArgs([]).phases).toContain('fanout');
    expect(parseArgs(['--only=fanout']).phases).toEqual(['fanout']);
  });

  it('names namespaces and users so that they sort and never clash with the other phases', () => {
    expect(fanoutNamespaces(3)).toEqual([
      'servedeck-bench-fan-000',
      'servedeck-bench-fan-001',
      'servedeck-bench-fan-002',
    ]);
    expect(fanoutUser(7)).toBe('fan-user-07@example.com');
  });

  it('reports every step, the upstream watches, and where it broke', () => {
    const md = renderFanout(result('5 users: 1 of 4 new users had not got the whole list within 300 s'));
    expect(md).toContain('20000 InferenceServices in 200 namespaces');
    expect(md).toMatch(/\| 5 \| 3 of 4 \|/);
    expect(md).toContain('| 200 (200 shared) | 1005 |');
    expect(md).toContain('Where it breaks: 5 users: 1 of 4 new users');
    expect(md).toContain('(0 of 250 deliveries)');
    expect(md).not.toContain('Reference');
  });

  it('reports the per-user reference run beside the shared one', () => {
    const perUser = {
      ...result(),
      shared: false,
      steps: [{ ...step(1, 1, 1), upstreamWatches: 200, sharedWatches: 0 }],
    };
    const md = renderFanout({ ...result(), reference: perUser });
    expect(md).toContain('SERVEDECK_SHARED_WATCHES=false');
    expect(md.split('**Reference')[1]).toMatch(/\| 1 \| 1 of 1 \|.*\| 200 \|/);
  });

  it('reads the BFF’s gauges, summing the access reviews of every verdict', () => {
    const text = [
      '# HELP servedeck_bff_upstream_watches x',
      'servedeck_bff_upstream_watches 200',
      'servedeck_bff_shared_watches 198',
      'servedeck_bff_access_reviews_total{verdict="allowed"} 400',
      'servedeck_bff_access_reviews_total{verdict="denied"} 3',
    ].join('\n');
    expect(readGauges(text)).toEqual({ upstream: 200, shared: 198, reviews: 403 });
    expect(readGauges('')).toEqual({ upstream: undefined, shared: undefined, reviews: undefined });
  });

  it('says so when every step completed', () => {
    expect(renderFanout(result())).toContain('Every step completed.');
  });

  const page: ListPageResult = {
    measured: true,
    rows: 20_000,
    interactiveMs: 9100,
    firstRowMs: 4200,
    frames: 240,
    frameP50Ms: 17,
    frameP95Ms: 48,
    frameMaxMs: 120,
    slowFrames: 0.25,
    rowTimeline: [[4200, 20_000]],
    heapUsedBytes: 200 * 1024 * 1024,
    heapAfterGcBytes: 150 * 1024 * 1024,
    listBytes: { wire: 2 * 1024 * 1024, decoded: 15 * 1024 * 1024 },
    firstResync: { chars: 15 * 1024 * 1024, atMs: 5000 },
    resyncs: 1,
    changes: 12,
  };

  it('reports the list page of the shared run: interactive time, frames, heap and the first RESYNC', () => {
    const md = renderFanout({ ...result(), page });
    expect(md).toContain('all 20000 rows listed and the main thread idle 9100 ms');
    expect(md).toMatch(/p95 48(\.0)? ms/);
    expect(md).toContain('JS heap 200 MB (150 MB after GC)');
    expect(md).toContain('first RESYNC 15');
    expect(renderFanout({ ...result(), page: { measured: false, reason: 'no table' } })).toContain(
      'List page: not measured (no table)',
    );
  });

  it('checks that the list page produced numbers, and says why not', () => {
    const pageCheck = (p: ListPageResult | undefined) =>
      producedNumbers(['fanout'], undefined, undefined, undefined, [], { fanout: { ...result(), page: p } }).find((c) =>
        c.name.startsWith('fanout: the list page'),
      );
    expect(pageCheck(page)?.ok).toBe(true);
    expect(pageCheck({ ...page, firstResync: undefined })?.ok).toBe(false);
    expect(pageCheck({ measured: false, reason: 'no chromium' })).toMatchObject({ ok: false, why: 'no chromium' });
    expect(pageCheck(undefined)).toMatchObject({ ok: false, why: 'not measured' });
  });
});
