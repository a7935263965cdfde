import { componentSpecs, expectedComponents } from '../components';
import type { Context } from '../context';
import type { KserveMode } from '../kserve-mode';
import { isOurs } from '../processes';
import { type ComponentName, componentNames, readState } from '../state';

export type ComponentStatus = {
  name: string;
  pid: number | null;
  port: number | null;
  running: boolean;
  healthy: boolean;
  /** Part of the sandbox (the controller once its entry exists). */
  expected: boolean;
};

export type SandboxStatus = { kserveMode: KserveMode; components: ComponentStatus[] };

export async function collectStatus(ctx: Context): Promise<SandboxStatus | undefined> {
  const state = readState(ctx.l.stateFile);
  if (!state) return undefined;
  const specs = componentSpecs(state, ctx.l, ctx.cache);
  const expected = new Set<ComponentName>(expectedComponents());
  const out: ComponentStatus[] = [];
  for (const name of componentNames) {
    // A component that is not expected is listed only if something of it still runs.
    const rec = state.components[name];
    const spec = specs.find((s) => s.name === name);
    const running = rec !== undefined && isOurs(rec);
    if (!expected.has(name) && !running) continue;
    out.push({
      name,
      pid: rec?.pid ?? null,
      port: rec?.port ?? spec?.port ?? null,
      running,
      healthy: running && spec !== undefined && (await spec.healthy()),
      expected: expected.has(name),
    });
  }
  return { kserveMode: state.kserveMode, components: out };
}

/** Prints one line per component; exit code 0 only when every expected component is healthy. */
export async function status(ctx: Context, json: boolean): Promise<number> {
  const st = await collectStatus(ctx);
  if (!st) {
    process.stdout.write(json ? '[]\n' : 'no sandbox (run `npm run sandbox -- up`)\n');
    return 3;
  }
  const list = st.components;
  if (json) {
    // An array (bench and tests read it); the mode is in `env --json`.
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    process.stdout.write(
      st.kserveMode === 'real'
        ? 'KServe: real (v0.20.0 controller manager)\n'
        : 'KServe: imitation (removed): this sandbox was made by the imitation; `up` refuses it, run ' +
            '`npm run sandbox -- reset`\n',
    );
    process.stdout.write(`${'component'.padEnd(24)} ${'pid'.padEnd(8)} ${'port'.padEnd(6)} state\n`);
    for (const s of list) {
      const state = s.healthy
        ? 'healthy'
        : s.running
          ? s.expected
            ? 'running, not healthy'
            : 'running (not expected)'
          : 'stopped';
      process.stdout.write(
        `${s.name.padEnd(24)} ${String(s.pid ?? '-').padEnd(8)} ${String(s.port ?? '-').padEnd(6)} ${state}\n`,
      );
    }
  }
  return list.filter((s) => s.expected).every((s) => s.healthy) ? 0 : 1;
}
