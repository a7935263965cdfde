import type { ComponentSpec } from './components';
import { lastLines, SandboxError } from './errors';
import { sleep } from './health';
import { isPortFree } from './ports';
import { isOurs, spawnDetached } from './processes';
import { type SandboxState, writeState } from './state';

async function waitReady(spec: ComponentSpec, pid: number): Promise<void> {
  const until = Date.now() + spec.readyTimeoutMs;
  const rec = { pid, argv: spec.argv };
  while (Date.now() < until) {
    if (await spec.healthy()) return;
    if (!isOurs(rec)) {
      throw new SandboxError(
        `${spec.name} (pid ${pid}) exited during start-up; log: ${spec.log}\n${lastLines(spec.log)}`,
      );
    }
    await sleep(250);
  }
  throw new SandboxError(
    `${spec.name} was not ready within ${spec.readyTimeoutMs / 1000}s (${spec.healthUrl}); log: ${spec.log}\n${lastLines(spec.log)}`,
  );
}

/**
 * Starts the component unless our process for it is already alive, then waits until it is healthy.
 * The PID is written to state.json right after spawning, so `down` can stop it even if start-up fails.
 */
export async function ensureRunning(
  spec: ComponentSpec,
  state: SandboxState,
  stateFile: string,
  log: (m: string) => void,
): Promise<'running' | 'started'> {
  const rec = state.components[spec.name];
  if (rec && isOurs(rec)) {
    await waitReady(spec, rec.pid);
    log(`${spec.name} already running (pid ${rec.pid}, port ${spec.port})`);
    return 'running';
  }
  for (const port of [spec.port, ...spec.extraPorts]) {
    if (!(await isPortFree(port))) {
      throw new SandboxError(
        `port 127.0.0.1:${port} for ${spec.name} is taken by a process this sandbox did not start; ` +
          'stop it, or run `npm run sandbox -- reset` to choose new ports',
      );
    }
  }
  const pid = spawnDetached({ argv: spec.argv, env: spec.env, cwd: spec.cwd, log: spec.log });
  state.components[spec.name] = {
    pid,
    argv: spec.argv,
    port: spec.port,
    startedAt: new Date().toISOString(),
    log: spec.log,
  };
  writeState(stateFile, state);
  const started = Date.now();
  await waitReady(spec, pid);
  log(`${spec.name} ready (pid ${pid}, port ${spec.port}, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return 'started';
}
