import { spawnSync } from 'node:child_process';
import { sandboxDir } from '../../src/paths';

/** Runs the sandbox CLI the way `npm run sandbox` does (tsx), capturing its output. */
export function runCli(args: string[], timeoutMs = 60_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: sandboxDir,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
