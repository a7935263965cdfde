import { spawnSync } from 'node:child_process';
import { sandboxDir } from '../../src/paths';
import { runCli } from './cli';

/**
 * Brings the sandbox up (a no-op when it already runs; up to ~30 min on a cold Go build cache) and,
 * only when this setup was the one that started it, stops it again afterwards.
 */
export default function setup(): () => void {
  const wasRunning = runCli(['status']).code === 0;
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
