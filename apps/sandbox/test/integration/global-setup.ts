import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { sandboxDir } from '../../src/paths';
import { runCli } from './cli';

const statusList = z.array(z.object({ running: z.boolean() }));

/**
 * True when any process of the sandbox runs. Not `status`'s exit code: that is 1 as soon as one expected
 * component is missing (e.g. one added to `up` since the sandbox was started), and the teardown would then
 * stop a sandbox this setup did not start.
 */
function anythingRunning(): boolean {
  const r = runCli(['status', '--json']);
  try {
    return statusList.parse(JSON.parse(r.stdout)).some((c) => c.running);
  } catch {
    return false;
  }
}

/**
 * Brings the sandbox up (a no-op when it already runs; up to ~30 min on a cold Go build cache) and,
 * only when this setup was the one that started it, stops it again afterwards.
 */
export default function setup(): () => void {
  const wasRunning = anythingRunning();
  const up = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'up'], {
    cwd: sandboxDir,
    stdio: 'inherit',
    timeout: 30 * 60_000,
  });
  if (up.status !== 0) throw new Error(`sandbox up failed (exit ${up.status ?? up.signal})`);
  return () => {
    if (wasRunning) return;
    const down = runCli(['down']);
    process.stdout.write(down.stdout);
  };
}
