import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from '../src/lock';

describe('withLock', () => {
  it('runs callers one after the other and removes the lock', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-lock-')), 'sandbox.lock');
    const order: string[] = [];
    const slow = withLock(file, async () => {
      order.push('a-start');
      await new Promise((r) => setTimeout(r, 100));
      order.push('a-end');
    });
    await new Promise((r) => setTimeout(r, 10));
    const waitedFor: number[] = [];
    const second = withLock(file, async () => void order.push('b'), {
      pollMs: 10,
      onWait: (pid) => waitedFor.push(pid),
    });
    await Promise.all([slow, second]);
    expect(order).toEqual(['a-start', 'a-end', 'b']);
    expect(waitedFor).toEqual([process.pid]);
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose owner has died', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-lock-')), 'sandbox.lock');
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid ?? 0;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(file, `${deadPid}\n`);
    await expect(withLock(file, async () => 'ran', { timeoutMs: 1000 })).resolves.toBe('ran');
  });
});
