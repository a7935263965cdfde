import { describe, expect, it } from 'vitest';
import { type FanoutResults, fanoutNamespaces, fanoutUser, renderFanout } from '../src/fanout';
import { parseArgs } from '../src/main';

const step = (users: number, completed: number, joined: number) => ({
  users,
  completed,
  joined,
  complete: completed
    ? { count: completed, min: 900, p50: 1200, p95: 1600, p99: 1700, max: 1800, mean: 1300 }
    : undefined,
  bffRss: 300 * 1024 * 1024,
  upstreamWatches: users * 200,
  bytesPerUser: 40 * 1024 * 1024,
  load: [1.5, 1.2, 1],
});

const result = (brokeAt?: string): FanoutResults => ({
  objects: 20_000,
  namespaces: 200,
  setupS: 300,
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
    expect(md).toContain('| 1000 |');
    expect(md).toContain('Where it breaks: 5 users: 1 of 4 new users');
    expect(md).toContain('(0 of 250 deliveries)');
  });

  it('says so when every step completed', () => {
    expect(renderFanout(result())).toContain('Every step completed.');
  });
});
