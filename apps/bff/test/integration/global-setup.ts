import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSandboxEnv, type SandboxEnv } from '@servedeck/sandbox/env-schema';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config';
import { type RunningBff, startBff } from '../../src/main';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export type { SandboxEnv };

declare module 'vitest' {
  export interface ProvidedContext {
    bffUrl: string;
    sandbox: SandboxEnv;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
}

let bff: RunningBff | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const up = spawnSync('npm', ['run', '--silent', 'sandbox', '--', 'up'], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 40 * 60_000,
  });
  let raw: string;
  try {
    raw = execFileSync('npm', ['run', '--silent', 'sandbox', '--', 'env', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
  } catch (err) {
    throw new Error(`npm run sandbox -- up failed (exit ${up.status ?? up.signal}) and env --json too: ${String(err)}`);
  }
  if (up.status !== 0) {
    // e.g. a component started by hand by whoever works on the sandbox: test against what runs.
    process.stderr.write(
      `bff integration: sandbox up exited ${up.status ?? up.signal}; testing against the running parts\n`,
    );
  }
  const sandbox = parseSandboxEnv(raw);
  const candidates = sandbox.redirectPorts.filter((p) => p !== 8080 && p !== 5173).reverse();
  let port: number | undefined;
  for (const p of candidates) {
    if (await portFree(p)) {
      port = p;
      break;
    }
  }
  if (port === undefined) throw new Error('no free redirect port for the BFF');
  const config = loadConfig({
    ...sandbox.bff,
    SERVEDECK_PASSWORD_LOGIN: 'true',
    SERVEDECK_PORT: String(port),
    SERVEDECK_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SERVEDECK_NAMESPACES: 'kubeflow-user-example-com,alice',
    SERVEDECK_LOG_LEVEL: process.env.SERVEDECK_LOG_LEVEL ?? 'warn',
    SERVEDECK_SSE_HEARTBEAT_MS: '1000',
    // the tests log in many times from one address
    SERVEDECK_LOGIN_RATE_LIMIT: '500',
  });
  bff = await startBff(config);
  project.provide('bffUrl', bff.url);
  project.provide('sandbox', sandbox);
  return async () => {
    await bff?.stop();
  };
}
