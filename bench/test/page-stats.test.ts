import { describe, expect, it } from 'vitest';
import { type CpuProfile, frameStats, topSelfTime } from '../src/page-stats';

const frame = (functionName: string, lineNumber = 0) => ({
  functionName,
  url: 'http://127.0.0.1/assets/index.js',
  lineNumber,
  columnNumber: 10,
});

describe('frameStats', () => {
  it('summarises scroll frames, counting those over 25 ms as long', () => {
    const s = frameStats([16, 17, 16, 50, 16, 33, 16, 17, 16, 16]);
    expect(s).toMatchObject({ frames: 10, p50Ms: 16, maxMs: 50, longShare: 0.2 });
    expect(s?.p95Ms).toBe(50);
  });

  it('has nothing to say without frames', () => {
    expect(frameStats([])).toBeUndefined();
  });
});

describe('topSelfTime', () => {
  // root(1) -> a(2) -> b(3); (idle)(4); sample i lasts until sample i + 1 (V8's deltas are to the previous one)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('sortRows', 5) },
      { id: 3, callFrame: frame('', 9) },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1, columnNumber: -1 } },
      // the same function reached by another path: one entry
      { id: 5, callFrame: frame('sortRows', 5) },
    ],
    samples: [2, 2, 3, 4, 5, 2],
    timeDeltas: [0, 1000, 3000, 2000, 4000, 1000],
  };

  it('adds each sample’s time to its function, across call paths, largest first', () => {
    const top = topSelfTime(profile, 10);
    expect(top.map((t) => [t.fn, t.ms])).toEqual([
      ['sortRows', 1 + 3 + 1],
      ['(idle)', 4],
      ['(anonymous)', 2],
    ]);
    expect(top[0]).toMatchObject({ line: 5, column: 10, url: 'http://127.0.0.1/assets/index.js' });
    expect(top[0]?.share).toBeCloseTo(5 / 11);
  });

  it('keeps the n largest and copes with an empty profile', () => {
    expect(topSelfTime(profile, 1).map((t) => t.fn)).toEqual(['sortRows']);
    expect(topSelfTime({ nodes: [] }, 5)).toEqual([]);
  });
});
