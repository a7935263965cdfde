import { existsSync, readFileSync } from 'node:fs';
import type { Context } from '../context';
import { stopProcess } from '../processes';
import { componentNames, parseState, readProcessRecords, writeState } from '../state';

/** Stops every process this sandbox started (reverse start order), by PID; keeps ports and data. */
export async function down(ctx: Context): Promise<void> {
  if (!existsSync(ctx.l.stateFile)) {
    process.stdout.write('no sandbox state: nothing to stop\n');
    return;
  }
  const records = readProcessRecords(ctx.l.stateFile);
  for (const name of [...componentNames].reverse()) {
    const rec = records[name];
    if (!rec) continue;
    const result = await stopProcess(rec);
    process.stdout.write(`${name.padEnd(15)} pid ${String(rec.pid).padEnd(8)} ${result}\n`);
    // Forget the PID only in a valid state file (an invalid one is about to be wiped by reset).
    const parsed = parseState(readFileSync(ctx.l.stateFile, 'utf8'));
    if (parsed.ok) {
      delete parsed.value.components[name];
      writeState(ctx.l.stateFile, parsed.value);
    }
  }
}
