/**
 * Per-container CPU and memory under cAdvisor's metric names and labels, for the kubelet's
 * `/metrics/cadvisor`. The sandbox's containers are process groups (the kubelet spawns each one detached,
 * so its process group id is the container's first PID): a container's CPU is the user+system time of every
 * live process of the group plus what they reaped, its working set their resident memory. Pure apart from
 * the `/proc` reader passed in.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type ContainerProcess = { namespace: string; pod: string; container: string; pgid: number };

/** What one process contributes: its group, CPU ticks (own and reaped children) and resident pages. */
export type ProcStat = { pid: number; pgrp: number; ticks: number; rssPages: number };

/**
 * Parse `/proc/PID/stat`: fields after the `(comm)` (which may hold spaces and parentheses).
 * utime=14, stime=15, cutime=16, cstime=17, rss=24 (1-based, man 5 proc).
 */
export function parseStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  if (close < 0 || !Number.isFinite(pid)) return undefined;
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/); // f[0] is field 3 (state)
  const at = (field: number) => Number(f[field - 3]);
  const ticks = at(14) + at(15) + at(16) + at(17);
  const pgrp = at(5);
  const rss = at(24);
  if (![ticks, pgrp, rss].every(Number.isFinite)) return undefined;
  return { pid, pgrp, ticks, rssPages: rss };
}

export type ProcReader = () => ProcStat[];

/** Every process's stat line from /proc (processes that exit meanwhile are skipped). */
export const readProc: ProcReader = () => {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (s) out.push(s);
    } catch {
      // gone
    }
  }
  return out;
};

function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Exposition text (Prometheus text format 0.0.4) with `container_cpu_usage_seconds_total` and
 * `container_memory_working_set_bytes` for each container, labelled `namespace`, `pod`, `container`
 * (and `cpu="total"` on the counter, as cAdvisor does).
 */
export function cadvisorText(
  containers: ContainerProcess[],
  procs: ProcStat[],
  o: { ticksPerSecond?: number; pageSize?: number } = {},
): string {
  const hz = o.ticksPerSecond ?? 100;
  const page = o.pageSize ?? 4096;
  const byGroup = new Map<number, { ticks: number; pages: number }>();
  for (const p of procs) {
    const g = byGroup.get(p.pgrp) ?? { ticks: 0, pages: 0 };
    g.ticks += p.ticks;
    g.pages += p.rssPages;
    byGroup.set(p.pgrp, g);
  }
  const cpu: string[] = [];
  const mem: string[] = [];
  for (const c of containers) {
    const g = byGroup.get(c.pgid);
    if (!g) continue;
    const labels = `container="${labelValue(c.container)}",namespace="${labelValue(c.namespace)}",pod="${labelValue(c.pod)}"`;
    cpu.push(`container_cpu_usage_seconds_total{${labels},cpu="total"} ${g.ticks / hz}`);
    mem.push(`container_memory_working_set_bytes{${labels}} ${g.pages * page}`);
  }
  return [
    '# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.',
    '# TYPE container_cpu_usage_seconds_total counter',
    ...cpu,
    '# HELP container_memory_working_set_bytes Current working set in bytes.',
    '# TYPE container_memory_working_set_bytes gauge',
    ...mem,
    '',
  ].join('\n');
}
