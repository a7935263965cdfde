import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startChild, stopAll } from '../src/procs';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a phase's stopAll and what spans phases (the quick run's early Prometheus)", () => {
  it('a phase stops what it started and leaves what spans phases; the run end stops everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-procs-'));
    const phase = startChild('phase', 'sleep', ['30'], { log: join(dir, 'phase.log') });
    const early = startChild('early', 'sleep', ['30'], { log: join(dir, 'early.log'), acrossPhases: true });
    await stopAll();
    expect(phase.proc.exitCode !== null || phase.proc.signalCode !== null).toBe(true);
    expect(alive(early.pid)).toBe(true);
    await stopAll({ all: true });
    expect(early.proc.signalCode).toBe('SIGTERM');
  }, 20_000);
});
