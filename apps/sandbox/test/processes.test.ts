import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOurs, readCmdline, sameArgv, spawnDetached, stopProcess } from '../src/processes';

const alive = (pid: number) => readCmdline(pid) !== undefined;

describe('process management', () => {
  it('spawns detached with output to the log, and stops the whole group by PID', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'sbx-')), 'logs', 'x.log');
    // A shell that starts a grandchild: stopping the group must end both.
    const argv = ['/bin/sh', '-c', 'sleep 300 & echo started; wait'];
    const pid = spawnDetached({ argv, env: process.env, cwd: tmpdir(), log });
    const rec = { pid, argv };
    // waits, not timings: a loaded 2-core machine can take seconds to start a shell
    for (let i = 0; i < 200 && !/^started$/m.test(readFileSync(log, 'utf8')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(log, 'utf8')).toMatch(/^started$/m);
    expect(isOurs(rec)).toBe(true);
    expect(isOurs({ pid, argv: ['/bin/sh', '-c', 'something else'] })).toBe(false);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    expect(children.length).toBe(1);

    expect(await stopProcess(rec)).toBe('stopped');
    expect(alive(pid)).toBe(false);
    // the grandchild is reparented when the group dies and reaped by init a moment later
    for (let i = 0; i < 100 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    for (const c of children) expect(alive(c)).toBe(false);
    expect(await stopProcess(rec)).toBe('not-running');
  }, 20_000);
  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'sbx-')), 'y.log');
    const argv = ['/bin/sh', '-c', "trap '' TERM; echo ready; while true; do sleep 0.1; done"];
    const pid = spawnDetached({ argv, env: process.env, cwd: tmpdir(), log });
    for (let i = 0; i < 200 && !/^ready$/m.test(readFileSync(log, 'utf8')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await stopProcess({ pid, argv }, 300)).toBe('killed');
    expect(alive(pid)).toBe(false);
  }, 20_000);
  it('compares argv exactly', () => {
    expect(sameArgv(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameArgv(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
    expect(readCmdline(0x7ffffff0)).toBeUndefined();
  });
});
