import { rmSync } from 'node:fs';
import type { Context } from '../context';
import { down } from './down';

export async function reset(ctx: Context): Promise<void> {
  await down(ctx);
  rmSync(ctx.l.stateDir, { recursive: true, force: true });
  process.stdout.write(`removed ${ctx.l.stateDir}\n`);
}
