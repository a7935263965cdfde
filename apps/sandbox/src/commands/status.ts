import { componentSpecs, controllerPresent } from '../components';
import type { Context } from '../context';
import { isOurs } from '../processes';
import { componentNames, readState } from '../state';

export type ComponentStatus = {
  name: string;
  pid: number | null;
  port: number | null;
  running: boolean;
  healthy: boolean;
};

export async function collectStatus(ctx: Context): Promise<ComponentStatus[] | undefined> {
  const state = readState(ctx.l.stateFile);
  if (!state) return undefined;
  const specs = componentSpecs(state, ctx.l, ctx.cache);
  const out: ComponentStatus[] = [];
  for (const name of componentNames) {
    const rec = state.components[name];
    const spec = specs.find((s) => s.name === name);
    const running = rec !== undefined && isOurs(rec);
    out.push({
      name,
      pid: rec?.pid ?? null,
      port: rec?.port ?? spec?.port ?? null,
      running,
      healthy: running && spec !== undefined && (await spec.healthy()),
    });
  }
  return out;
}

/** Prints one line per component; exit code 0 only when every expected component is healthy. */
export async function status(ctx: Context, json: boolean): Promise<number> {
  const list = await collectStatus(ctx);
  if (!list) {
    process.stdout.write(json ? '[]\n' : 'no sandbox (run `npm run sandbox -- up`)\n');
    return 3;
  }
  const expected = (s: ComponentStatus) => s.name !== 'controller' || controllerPresent();
  if (json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    process.stdout.write(`${'component'.padEnd(15)} ${'pid'.padEnd(8)} ${'port'.padEnd(6)} state\n`);
    for (const s of list) {
      const state = s.healthy ? 'healthy' : s.running ? 'running, not healthy' : expected(s) ? 'stopped' : 'not built';
      process.stdout.write(
        `${s.name.padEnd(15)} ${String(s.pid ?? '-').padEnd(8)} ${String(s.port ?? '-').padEnd(6)} ${state}\n`,
      );
    }
  }
  return list.filter(expected).every((s) => s.healthy) ? 0 : 1;
}
