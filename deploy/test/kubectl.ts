import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Result = { code: number; stdout: string; stderr: string };

/** The sandbox's own kubectl, as the sandbox admin. */
export function kubectl(args: string[], input?: string): Result {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/sandbox.mjs'), 'kubectl', '--', ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
