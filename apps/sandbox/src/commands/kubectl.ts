import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Context } from '../context';
import { SandboxError } from '../errors';
import { binaryPath } from '../gobuild';

/** Runs the cached kubectl as the sandbox admin; stdio and exit code pass through. */
export function kubectl(ctx: Context, args: string[]): Promise<number> {
  const bin = binaryPath(ctx.cache, 'kubectl');
  if (!existsSync(bin)) throw new SandboxError(`kubectl is not built yet (${bin}): run \`npm run sandbox -- up\``);
  if (!existsSync(ctx.l.kubeconfig)) throw new SandboxError(`no kubeconfig at ${ctx.l.kubeconfig}: run up first`);
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: 'inherit', env: { ...process.env, KUBECONFIG: ctx.l.kubeconfig } });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
