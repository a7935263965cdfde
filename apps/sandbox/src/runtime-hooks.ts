import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxDir } from './paths';

type Log = (msg: string) => void;

/** What `up` calls from src/runtimes/index.ts (written by the runtimes owner); see docs/contracts.md. */
type RuntimeHooks = {
  ensurePythonEnvs: (opts: { cacheDir: string; log: Log }) => Promise<unknown>;
  ensureModelMirror: (opts: { cacheDir: string; envs: unknown; log: Log }) => Promise<unknown>;
};

export const runtimesEntry = join(sandboxDir, 'src', 'runtimes', 'index.ts');

/** Python venvs, then the model mirror; skipped with a note while the runtimes module does not exist. */
export async function runRuntimeHooks(cacheDir: string, log: Log): Promise<void> {
  if (!existsSync(runtimesEntry)) {
    log('skipped: src/runtimes/index.ts does not exist yet');
    return;
  }
  const mod = (await import(runtimesEntry)) as Partial<RuntimeHooks>;
  if (typeof mod.ensurePythonEnvs !== 'function' || typeof mod.ensureModelMirror !== 'function') {
    log('skipped: src/runtimes/index.ts does not export ensurePythonEnvs and ensureModelMirror');
    return;
  }
  const envs = await mod.ensurePythonEnvs({ cacheDir, log });
  await mod.ensureModelMirror({ cacheDir, envs, log });
}
