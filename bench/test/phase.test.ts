import { describe, expect, it } from 'vitest';
import { phaseSeconds } from '../src/phase';

describe('seconds per phase (the smoke says what each phase costs)', () => {
  it('from one mark to the next, the last closed by end', () => {
    expect(
      phaseSeconds([
        { phase: 'proxy', at: 1_000 },
        { phase: 'ceiling', at: 41_040 },
        { phase: 'metrics', at: 131_000 },
        { phase: 'end', at: 176_500 },
      ]),
    ).toEqual([
      { phase: 'proxy', seconds: 40 },
      { phase: 'ceiling', seconds: 90 },
      { phase: 'metrics', seconds: 45.5 },
    ]);
  });

  it('nothing for no phase, and no phase left open without its end', () => {
    expect(phaseSeconds([{ phase: 'end', at: 5 }])).toEqual([]);
    expect(phaseSeconds([{ phase: 'sse', at: 0 }])).toEqual([]);
  });
});
