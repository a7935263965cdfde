/** Pure helpers for the list page measurements: scroll frames, and where a CPU profile spent its time. */
import { percentile } from './stats';

/** A frame longer than 1.5 × 16.7 ms missed a vsync. */
export const LONG_FRAME_MS = 25;

export type FrameStats = { frames: number; p50Ms: number; p95Ms: number; maxMs: number; longShare: number };

/** Frame times (ms between animation frames) of a scripted scroll; undefined when none were recorded. */
export function frameStats(frames: readonly number[]): FrameStats | undefined {
  if (frames.length === 0) return undefined;
  return {
    frames: frames.length,
    p50Ms: percentile(frames, 50) ?? 0,
    p95Ms: percentile(frames, 95) ?? 0,
    maxMs: Math.max(...frames),
    longShare: frames.filter((f) => f > LONG_FRAME_MS).length / frames.length,
  };
}

/** The parts of a V8 CPU profile (CDP `Profiler.stop`) that self time is computed from. */
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
};

export type SelfTime = { fn: string; url: string; line: number; column: number; ms: number; share: number };

/**
 * Self time per function (name, script and position; 0-based line and column as V8 gives them), largest first.
 * Each sample's time is the delta to the next sample (V8's timeDeltas are to the previous one). `(idle)` and
 * `(program)` are kept: they say how much of the window the main thread was free.
 */
export function topSelfTime(profile: CpuProfile, n: number): SelfTime[] {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byNode = new Map<number, number>();
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i];
    if (id === undefined) continue;
    const us = deltas[i + 1] ?? 0;
    byNode.set(id, (byNode.get(id) ?? 0) + us);
  }
  const byFn = new Map<string, SelfTime>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const f = node.callFrame;
    const key = `${f.functionName}@${f.url}:${f.lineNumber}:${f.columnNumber}`;
    const held = byFn.get(key);
    if (held) held.ms += us / 1000;
    else
      byFn.set(key, {
        fn: f.functionName || '(anonymous)',
        url: f.url,
        line: f.lineNumber,
        column: f.columnNumber,
        ms: us / 1000,
        share: 0,
      });
  }
  const out = [...byFn.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
  for (const s of out) s.share = total > 0 ? (s.ms * 1000) / total : 0;
  return out;
}
