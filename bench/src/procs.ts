/** Child processes the bench starts (and always stops), and waiting for them to answer. */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';

export type Child = { name: string; pid: number; proc: ChildProcess; log: string; stop(): Promise<void> };

const running = new Set<Child>();

/** Start a process in its own process group, output to a log file. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    log: string;
    /** Spans phases (started early for a later one): a phase's stopAll() leaves it, the run's end stops it. */
    acrossPhases?: boolean;
  },
): Child {
  const fd = openSync(opts.log, 'a');
  const proc = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = proc.pid;
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const child: Child = {
    name,
    pid,
    proc,
    log: opts.log,
    stop: async () => {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const killed = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
      if (!killed) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await Promise.race([exited, sleep(2000)]);
      }
    },
  };
  running.add(child);
  if (opts.acrossPhases) acrossPhases.add(child);
  return child;
}

/**
 * How a process ended, from its exit code or signal and its log: the first line naming an errno code
 * (`bind EADDRINUSE 127.0.0.1:18088`), else the first that starts with an error's name (a Node crash prints the
 * throwing source line first, then `Error [CODE]: message`), else one naming an ERR_ code, else the last line.
 */
export function describeExit(code: number | null, signal: string | null, logText: string): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const lines = logText
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line =
    lines.find((l) => /\bE[A-Z]{4,}\b/.test(l)) ??
    lines.find((l) => /^\w*Error\b/.test(l)) ??
    lines.find((l) => /\bERR_[A-Z_]+/.test(l)) ??
    lines.at(-1);
  return line ? `${how}: ${line.slice(0, 300)}` : how;
}

/** Undefined while `child` runs (or was stopped by us); else how it ended (describeExit). */
export function exitNote(child: Child): string | undefined {
  const { exitCode, signalCode } = child.proc;
  if (!running.has(child) || (exitCode === null && signalCode === null)) return undefined;
  let text = '';
  try {
    text = readFileSync(child.log, 'utf8').slice(-20_000);
  } catch {
    // no log
  }
  return describeExit(exitCode, signalCode, text);
}

const acrossPhases = new Set<Child>();

/**
 * Stop what is still running, one by one by its own pid: after a phase, what it started (`{ all: true }` at the
 * run's end, on an error or a signal: also what spans phases).
 */
export async function stopAll(o: { all?: boolean } = {}): Promise<void> {
  for (const c of [...running].reverse()) if (o.all || !acrossPhases.has(c)) await c.stop();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Reset the peak RSS (VmHWM) of a process we started (Linux: `echo 5 > /proc/PID/clear_refs`). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Poll until `check` resolves true, at most `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function httpOk(url: string, init: RequestInit = {}): Promise<boolean> {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
  await r.arrayBuffer();
  return r.ok;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

/** Inodes of the sockets listening on `port` in /proc/net/tcp text (local address `ADDR:PORT` in hex, state 0A). */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A' && f[9]) out.push(f[9]);
  }
  return out;
}

/** Whether process `pid` holds a socket listening on `port` (not another process that took the port). */
export function listensOn(pid: number, port: number): boolean {
  let inodes: string[];
  try {
    inodes = listeningInodes(readFileSync('/proc/net/tcp', 'utf8'), port);
  } catch {
    return false;
  }
  if (inodes.length === 0) return false;
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
      if (inodes.some((i) => link === `socket:[${i}]`)) return true;
    }
  } catch {
    // gone, or not ours to read
  }
  return false;
}
