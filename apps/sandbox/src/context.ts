import { SandboxError } from './errors';
import { cacheDir, type Layout, layout, sharedDir, stateDirPath } from './paths';
import { readState, type SandboxState } from './state';

export type Context = { l: Layout; cache: string; shared: string };

export function context(env: NodeJS.ProcessEnv = process.env): Context {
  return { l: layout(stateDirPath(env)), cache: cacheDir(env), shared: sharedDir(env) };
}

/** The state of a sandbox that `up` has created, or a clear failure when there is none. */
export function requireState(ctx: Context): SandboxState {
  const s = readState(ctx.l.stateFile);
  if (!s) throw new SandboxError(`no sandbox in ${ctx.l.stateDir}: run \`npm run sandbox -- up\` first`);
  return s;
}
