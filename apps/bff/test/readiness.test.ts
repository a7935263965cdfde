import { describe, expect, it } from 'vitest';
import { readinessGate } from '../src/k8s/readiness';

describe('BFF readiness', () => {
  it('is not ready until the apiserver has answered once', async () => {
    const answers = [false, false, true];
    let calls = 0;
    const ready = readinessGate(async () => answers[calls++] ?? false);
    expect(await ready()).toBe(false);
    expect(await ready()).toBe(false);
    expect(await ready()).toBe(true);
  });

  it('stays ready through a later cluster outage (no probe once reached)', async () => {
    let up = true;
    let calls = 0;
    const ready = readinessGate(async () => {
      calls += 1;
      return up;
    });
    expect(await ready()).toBe(true);
    up = false;
    expect(await ready()).toBe(true);
    expect(calls).toBe(1);
  });

  it('a probe that throws counts as not reached', async () => {
    const ready = readinessGate(async () => {
      throw new Error('ECONNREFUSED');
    });
    expect(await ready()).toBe(false);
  });
});
