/** The machine the numbers were measured on. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

export type Machine = {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  loadAtStart: number[];
  loadAtEnd?: number[];
};

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpuModel: (list[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
    cores: list.length,
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.versions.node,
    loadAtStart: loadavg(),
  };
}

export function currentLoad(): number[] {
  return loadavg();
}

/** Parse `VmHWM:` / `VmRSS:` (kB) out of /proc/PID/status text; bytes. */
export function procStatusField(text: string, field: 'VmHWM' | 'VmRSS'): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return m?.[1] ? Number(m[1]) * 1024 : undefined;
}

export function readMemory(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    return procStatusField(readFileSync(`/proc/${pid}/status`, 'utf8'), field);
  } catch {
    return undefined;
  }
}
