import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readCmdline } from './processes';

export type LockOptions = {
  /** Called once when the lock is held by another live process and we start waiting. */
  onWait?: (holderPid: number) => void;
  timeoutMs?: number;
  pollMs?: number;
};

function holder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serialises commands that change the sandbox (up, down, reset): two `up`s at once (say, two test
 * suites starting together) would otherwise both start a component and record only one PID.
 * The lock file holds the owner's PID; a lock whose owner is gone is taken over.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  mkdirSync(dirname(file), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = holder(file);
      if (pid === undefined || readCmdline(pid) === undefined) {
        rmSync(file, { force: true }); // stale: its owner died
        continue;
      }
      if (!waited) opts.onWait?.(pid);
      waited = true;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the sandbox lock held by pid ${pid}`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
  }
  try {
    return await fn();
  } finally {
    if (holder(file) === process.pid) rmSync(file, { force: true });
  }
}
