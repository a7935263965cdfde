import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Admin,
  type Client,
  isvcPath,
  type LocalBff,
  loginClient,
  repoRoot,
  type Sandbox,
  sandboxCli,
  sandboxEnv,
  sleep,
  startLocalBff,
  USER_NS,
} from '../security/harness';

/**
 * A sandbox of the fault tests' own (`<repo>/.sandbox-faults`, free ports): they stop and restart its
 * parts, which must never happen to the shared `.sandbox`. Started on first use (`up` is idempotent);
 * stopped by test/faults/global-setup.ts after the run. SERVEDECK_FAULTS_DIR points the fault tests at
 * another private sandbox (two people running fault tests at once must not share one).
 */
export const FAULTS_DIR = process.env.SERVEDECK_FAULTS_DIR || join(repoRoot, '.sandbox-faults');

export type Component = 'etcd' | 'dex' | 'kube-apiserver' | 'controller';

export function upPrivate(): Sandbox {
  sandboxCli(['up'], FAULTS_DIR, 15 * 60_000);
  return sandboxEnv(FAULTS_DIR);
}

/**
 * `up` in the background (restarts dead components); resolves with its exit code, or with its exit code and the end
 * of its output when it failed (`expect(await upPrivateAsync()).toBe(0)` then shows why).
 */
export async function upPrivateAsync(): Promise<number | string> {
  const first = await upOnce();
  if (first === 0) return 0;
  // seen once in a rehearsal right after etcd was killed, before this kept the output: said here, then tried again
  process.stderr.write(`sandbox up (private) failed, trying once more: ${first}\n`);
  return upOnce();
}

function upOnce(): Promise<number | string> {
  return new Promise((resolve) => {
    const p = spawn('npm', ['run', '--silent', 'sandbox', '--', 'up'], {
      cwd: repoRoot,
      env: { ...process.env, SERVEDECK_SANDBOX_DIR: FAULTS_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString('utf8')).slice(-4000);
    };
    p.stdout.on('data', keep);
    p.stderr.on('data', keep);
    p.on('exit', (code) => resolve(code === 0 ? 0 : `exit ${code ?? 'signal'}: ${out}`));
  });
}

export function downPrivate(): void {
  if (existsSync(join(FAULTS_DIR, 'state.json'))) sandboxCli(['down'], FAULTS_DIR, 120_000);
}

function pidOf(c: Component): number {
  const state = JSON.parse(readFileSync(join(FAULTS_DIR, 'state.json'), 'utf8')) as {
    components: Record<string, { pid: number }>;
  };
  const pid = state.components[c]?.pid;
  if (!pid) throw new Error(`${c} has no pid in the private sandbox`);
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stop one component of the private sandbox (by the PID it recorded) and wait until it is gone. */
export async function killComponent(c: Component, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const pid = pidOf(c);
  process.kill(pid, signal);
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  if (alive(pid)) throw new Error(`${c} (pid ${pid}) did not stop`);
}

/** What a fault test drives: the private sandbox, its admin, a local BFF on it, and user@example.com signed in. */
export type FaultRig = { sandbox: Sandbox; admin: Admin; bff: LocalBff; user: Client };

/** Up the private sandbox, start a BFF on it, sign the user in, and delete `names` left by an earlier run. */
export async function startFaultRig(names: string[]): Promise<FaultRig> {
  const sandbox = upPrivate();
  const admin = new Admin(sandbox);
  const bff = await startLocalBff(sandbox);
  const user = await loginClient(bff.url, sandbox, 'user@example.com');
  for (const n of names) await admin.call('DELETE', isvcPath(USER_NS, n));
  return { sandbox, admin, bff, user };
}

/** Delete `names` (best effort) and stop what startFaultRig started; safe when it failed part way. */
export async function stopFaultRig(
  admin: Admin | undefined,
  bff: LocalBff | undefined,
  names: string[],
): Promise<void> {
  for (const n of names) await admin?.call('DELETE', isvcPath(USER_NS, n)).catch(() => {});
  await admin?.close();
  await bff?.stop();
}
