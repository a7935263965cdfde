import type { Context } from '../context';
import { stopProcess } from '../processes';
import { componentNames, readState, writeState } from '../state';

/** Stops every process this sandbox started (reverse start order), by PID; keeps ports and data. */
export async function down(ctx: Context): Promise<void> {
  const state = readState(ctx.l.stateFile);
  if (!state) {
    process.stdout.write('no sandbox state: nothing to stop\n');
    return;
  }
  for (const name of [...componentNames].reverse()) {
    const rec = state.components[name];
    if (!rec) continue;
    const result = await stopProcess(rec);
    process.stdout.write(`${name.padEnd(15)} pid ${String(rec.pid).padEnd(8)} ${result}\n`);
    delete state.components[name];
    writeState(ctx.l.stateFile, state);
  }
}
