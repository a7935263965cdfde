/** The bench's phases (`--only=`). */
export type Phase = 'proxy' | 'list' | 'web' | 'load' | 'metrics' | 'sse' | 'ceiling' | 'fanout';

/** When a phase started (ms), in run order; `end` closes the last one. */
export type PhaseMark = { phase: Phase | 'end'; at: number };

/** Seconds each phase took, from one mark to the next (a phase's clean-up counts to it). */
export function phaseSeconds(marks: readonly PhaseMark[]): { phase: Phase; seconds: number }[] {
  const out: { phase: Phase; seconds: number }[] = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const m = marks[i];
    const next = marks[i + 1];
    if (!m || !next || m.phase === 'end') continue;
    out.push({ phase: m.phase, seconds: Math.round((next.at - m.at) / 100) / 10 });
  }
  return out;
}
