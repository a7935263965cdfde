import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSandboxEnv, type SandboxEnv } from '@servedeck/sandbox/env-schema';
import pino from 'pino';
import { Agent, type Dispatcher, request } from 'undici';
import { createApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { probeApiserver } from '../../src/k8s/client';
import { buildServices, type Services } from '../../src/services';
import { BrowserClient } from '../helpers/browser-client';
import { ALICE_NS, USER_NS } from '../helpers/sandbox-names';
import { SseReader } from '../helpers/sse-reader';
import { TokenScanner } from './token-scan';

export type { Reply } from '../helpers/browser-client';
export { ALICE_NS, USER_NS } from '../helpers/sandbox-names';
export { SseReader } from '../helpers/sse-reader';
export { eventually } from '../helpers/until';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export type Sandbox = SandboxEnv;

/** `npm run sandbox -- ARGS` for the main sandbox, or a private one when stateDir is given. */
export function sandboxCli(args: string[], stateDir?: string, timeoutMs = 10 * 60_000): string {
  return execFileSync('npm', ['run', '--silent', 'sandbox', '--', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ...(stateDir ? { SERVEDECK_SANDBOX_DIR: stateDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function sandboxEnv(stateDir?: string): Sandbox {
  const raw = sandboxCli(['env', '--json'], stateDir);
  return parseSandboxEnv(raw);
}

/** Every response a test client saw, for the token scan (one scanner per test file). */
export const scanner = new TokenScanner();

export type LocalBff = { url: string; services: Services; config: Config; stop(): Promise<void> };

/**
 * A BFF in this process against a sandbox, on a free port (password login; no code flow, so the
 * redirect URI does not matter). `env` overrides the sandbox's BFF environment; a value of '' unsets.
 */
export async function startLocalBff(sandbox: Sandbox, env: Record<string, string> = {}): Promise<LocalBff> {
  const merged: Record<string, string> = {
    ...sandbox.bff,
    SERVEDECK_PASSWORD_LOGIN: 'true',
    SERVEDECK_PORT: '0',
    SERVEDECK_PUBLIC_URL: 'http://127.0.0.1:18099',
    SERVEDECK_NAMESPACES: `${USER_NS},${ALICE_NS}`,
    SERVEDECK_LOG_LEVEL: process.env.SERVEDECK_TEST_LOG_LEVEL ?? 'silent',
    SERVEDECK_SSE_HEARTBEAT_MS: '1000',
    SERVEDECK_LOGIN_RATE_LIMIT: '1000',
    ...env,
  };
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];
  const config = loadConfig(merged);
  const services = await buildServices(config, pino({ level: config.logLevel }), { defaultMetrics: false });
  const app = createApp({ webDist: undefined, isReady: () => probeApiserver(services.cluster), services });
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    services,
    config,
    stop: async () => {
      services.streams.closeAll();
      services.hub.stopAll();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await services.close();
    },
  };
}

/** The security suites' browser: every answer goes to the scanner. */
export class Client extends BrowserClient {
  constructor(base: string) {
    super(base, (what, headers, text) => scanner.addResponse(what, headers.entries(), text));
  }
}

export async function loginClient(base: string, sandbox: Sandbox, email: string): Promise<Client> {
  return new Client(base).login(sandbox.logins, email);
}

/** An SSE stream of the BFF as `cookie`; its text is scanned when it ends. */
export function openSse(base: string, path: string, cookie: string): Promise<SseReader> {
  return SseReader.open(`${base}${path}`, { cookie }, (text) => scanner.add(`SSE ${path}`, text));
}

/** The sandbox's admin identity (client certificate), for setting up what users may not (status). */
export class Admin {
  private readonly agent: Dispatcher;
  readonly server: string;

  constructor(sandbox: Sandbox) {
    const pki = join(sandbox.stateDir, 'pki');
    this.server = sandbox.apiserverUrl;
    this.agent = new Agent({
      connect: {
        ca: readFileSync(sandbox.caFile, 'utf8'),
        cert: readFileSync(join(pki, 'admin.crt'), 'utf8'),
        key: readFileSync(join(pki, 'admin.key'), 'utf8'),
      },
    });
  }

  async call(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    type = 'application/json',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await request(`${this.server}${path}`, {
      method,
      dispatcher: this.agent,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': type }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await res.body.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { status: res.statusCode, body: parsed };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

export const isvcPath = (ns: string, name?: string) =>
  `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices${name ? `/${name}` : ''}`;

/** A minimal sklearn InferenceService (the sandbox controller runs it). */
export function sklearnIsvc(name: string, extra: { annotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      predictor: {
        model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' },
      },
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
