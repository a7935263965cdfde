/**
 * `npm run sandbox -- <command>`: the local KServe sandbox (etcd, Dex, kube-apiserver, controller + gateway).
 * See docs/sandbox.md.
 */
import { basename, join } from 'node:path';
import { parseCommand, usage } from './command';
import { down } from './commands/down';
import { kubectl } from './commands/kubectl';
import { reset } from './commands/reset';
import { status } from './commands/status';
import { token } from './commands/token';
import { up } from './commands/up';
import { context, requireState } from './context';
import { SandboxError } from './errors';
import { withLock } from './lock';
import { sandboxEnv, shellExports } from './sandbox-env';

async function main(argv: string[]): Promise<number> {
  const cmd = parseCommand(argv);
  if (!cmd.ok) {
    process.stderr.write(`${cmd.error}\n\n${usage}\n`);
    return 2;
  }
  const ctx = context();
  const c = cmd.value;
  const locked = (fn: () => Promise<void>) =>
    withLock(join(ctx.l.stateDir, '..', `${basename(ctx.l.stateDir)}.lock`), fn, {
      onWait: (pid) => process.stdout.write(`waiting for another sandbox command to finish (pid ${pid})\n`),
    });
  switch (c.name) {
    case 'up':
      await locked(() => up(ctx));
      return 0;
    case 'down':
      await locked(() => down(ctx));
      return 0;
    case 'reset':
      await locked(() => reset(ctx));
      return 0;
    case 'status':
      return status(ctx, c.json);
    case 'kubectl':
      return kubectl(ctx, c.args);
    case 'token':
      await token(ctx, c.email, c.password);
      return 0;
    case 'env': {
      const e = sandboxEnv(requireState(ctx), ctx.l);
      process.stdout.write(c.json ? `${JSON.stringify(e, null, 2)}\n` : `${shellExports(e)}\n`);
      return 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof SandboxError) process.stderr.write(`sandbox: ${e.message}\n`);
    else
      process.stderr.write(`sandbox: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
