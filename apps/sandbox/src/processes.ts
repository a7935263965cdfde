import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProcessRecord } from './state';

/** argv of a live process from /proc, undefined when it is gone or a zombie (empty cmdline). */
export function readCmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return undefined;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

export function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A PID is ours only if it is alive and runs exactly the argv we started. */
export function isOurs(rec: Pick<ProcessRecord, 'pid' | 'argv'>): boolean {
  const argv = readCmdline(rec.pid);
  return argv !== undefined && sameArgv(argv, rec.argv);
}

export type SpawnSpec = { argv: string[]; env: NodeJS.ProcessEnv; cwd: string; log: string };

/** Starts a process in its own process group, stdout+stderr appended to its log file; returns its PID. */
export function spawnDetached(spec: SpawnSpec): number {
  mkdirSync(dirname(spec.log), { recursive: true });
  const fd = openSync(spec.log, 'a');
  writeSync(fd, `\n--- ${new Date().toISOString()} starting: ${spec.argv.join(' ')}\n`);
  const [cmd, ...args] = spec.argv;
  if (cmd === undefined) throw new Error('empty argv');
  const child = spawn(cmd, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  child.unref();
  return child.pid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(rec: Pick<ProcessRecord, 'pid' | 'argv'>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isOurs(rec)) return true;
    await sleep(100);
  }
  return !isOurs(rec);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    // Our children are group leaders (detached): signal the group so helpers they forked stop too.
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Stops a process we started: SIGTERM, wait up to `graceMs`, then SIGKILL and wait again.
 * Returns 'not-running' when the PID is not (any more) ours, so a recycled PID is never signalled.
 */
export async function stopProcess(
  rec: Pick<ProcessRecord, 'pid' | 'argv'>,
  graceMs = 10_000,
): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isOurs(rec)) return 'not-running';
  signal(rec.pid, 'SIGTERM');
  if (await waitGone(rec, graceMs)) return 'stopped';
  signal(rec.pid, 'SIGKILL');
  if (await waitGone(rec, 5_000)) return 'killed';
  throw new Error(`process ${rec.pid} (${rec.argv[0]}) did not exit after SIGKILL`);
}
