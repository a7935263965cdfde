/**
 * The real-mode sandbox the node and LLM integration tests share (its own folder, `.sandbox-itest-real`), and
 * kubectl against it through the sandbox CLI. SERVEDECK_REAL_SANDBOX_DIR: another folder for a by-hand run next
 * to the shared one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { z } from 'zod';
import { repoRoot, sandboxDir } from '../../src/paths';

export const realSandboxDir = process.env.SERVEDECK_REAL_SANDBOX_DIR ?? join(repoRoot, '.sandbox-itest-real');
export const realSandboxEnv = { ...process.env, SERVEDECK_SANDBOX_DIR: realSandboxDir };

/** The sandbox CLI against that sandbox (`inherit`: its output goes to this process's, for `up`). */
export function cli(args: string[], timeoutMs = 60_000, inherit = false): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: sandboxDir,
    env: realSandboxEnv,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: inherit ? 'inherit' : 'pipe',
  });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `npm run sandbox -- kubectl -- ARGS` against that sandbox; stdout and stderr together. */
export function kubectl(args: string[], input?: string): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'kubectl', '--', ...args], {
    cwd: sandboxDir,
    env: realSandboxEnv,
    encoding: 'utf8',
    timeout: 60_000,
    ...(input ? { input } : {}),
  });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `kubectl ARGS -o json`, parsed with `schema`; undefined when kubectl failed. */
export function kubectlJson<T>(args: string[], schema: z.ZodType<T>): T | undefined {
  const r = kubectl([...args, '-o', 'json']);
  if (r.code !== 0) return undefined;
  return schema.parse(JSON.parse(r.out.slice(r.out.indexOf('{'))));
}
