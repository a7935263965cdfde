/** The local sandbox: bring it up when needed, read its environment, get Dex tokens. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSandboxEnv, type SandboxEnv, sandboxEnvSchema } from '@servedeck/sandbox/env-schema';
import { z } from 'zod';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const cli = join(repoRoot, 'scripts', 'sandbox.mjs');

const componentSchema = z.object({ name: z.string(), running: z.boolean(), healthy: z.boolean() });

export { type SandboxEnv, sandboxEnvSchema };

function runCli(args: string[], timeoutMs: number, inherit = false): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout ?? '' };
}

function readEnv(): SandboxEnv | undefined {
  const env = runCli(['env', '--json'], 60_000);
  if (env.status !== 0) return undefined;
  const parsed = sandboxEnvSchema.safeParse(JSON.parse(env.stdout));
  return parsed.success ? parsed.data : undefined;
}

async function gatewayAnswers(env: SandboxEnv | undefined): Promise<boolean> {
  if (!env) return false;
  return fetch(`${env.gatewayUrl}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.ok,
    () => false,
  );
}

/**
 * Usable = etcd, Dex and the apiserver healthy, and the controller's gateway answering /healthz (its
 * readiness contract; `status` may call a running controller "stopped" when its recorded pid is a wrapper's).
 */
async function usable(): Promise<boolean> {
  const r = runCli(['status', '--json'], 60_000);
  try {
    const list = z.array(componentSchema).parse(JSON.parse(r.stdout));
    const core = list.filter((c) => c.name !== 'controller');
    if (core.length === 0 || !core.every((c) => c.healthy)) return false;
    return list.find((c) => c.name === 'controller')?.healthy === true || (await gatewayAnswers(readEnv()));
  } catch {
    return false;
  }
}

/** `up` when the sandbox is not usable (as `npm start` does); then the environment. */
export async function ensureSandbox(log: (s: string) => void): Promise<SandboxEnv> {
  if (!(await usable())) {
    log('bringing the sandbox up (node scripts/sandbox.mjs up)');
    const up = runCli(['up'], 20 * 60_000, true);
    if (up.status !== 0) throw new Error(`sandbox up failed (exit ${up.status})`);
  }
  const env = runCli(['env', '--json'], 60_000);
  if (env.status !== 0) throw new Error('sandbox env --json failed');
  return parseSandboxEnv(env.stdout);
}

/** A Dex ID token for a sandbox user (what the gateway wants as Bearer). */
export function idToken(email: string): string {
  const r = runCli(['token', email], 60_000);
  const token = r.stdout.trim();
  if (r.status !== 0 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`sandbox token ${email} failed`);
  return token;
}
