import { describe, expect, it } from 'vitest';
import { warmedUp } from '../src/proxy';

describe('warmedUp (proxy bench warm-up)', () => {
  it('wants at least two runs', () => {
    expect(warmedUp([])).toBe(false);
    expect(warmedUp([1000])).toBe(false);
  });

  it('goes on while the rate still climbs by more than 10%', () => {
    expect(warmedUp([300, 450])).toBe(false);
    expect(warmedUp([300, 450, 700])).toBe(false);
  });

  it('stops once a run is within 10% of the one before, or slower', () => {
    expect(warmedUp([300, 450, 700, 760])).toBe(true);
    expect(warmedUp([1000, 900])).toBe(true);
  });

  it('stops after ten runs however the rate moves', () => {
    const climbing = Array.from({ length: 10 }, (_, i) => 100 * 2 ** i);
    expect(warmedUp(climbing.slice(0, 9))).toBe(false);
    expect(warmedUp(climbing)).toBe(true);
  });
});
