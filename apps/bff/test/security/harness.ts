import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { Agent, type Dispatcher, request } from 'undici';
import { z } from 'zod';
import { createApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { probeApiserver } from '../../src/k8s/client';
import { buildServices, type Services } from '../../src/services';
import { TokenScanner } from './token-scan';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const USER_NS = 'kubeflow-user-example-com';
export const ALICE_NS = 'alice';

const sandboxEnvSchema = z.object({
  stateDir: z.string(),
  kubeconfig: z.string(),
  apiserverUrl: z.string(),
  caFile: z.string(),
  issuer: z.string(),
  gatewayUrl: z.string(),
  logins: z.array(z.object({ email: z.string(), password: z.string() })),
  bff: z.record(z.string(), z.string()),
});
export type Sandbox = z.infer<typeof sandboxEnvSchema>;

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
  return sandboxEnvSchema.parse(JSON.parse(raw.slice(raw.indexOf('{'))));
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

export type Reply = { status: number; headers: Headers; text: string; json: <T = Record<string, unknown>>() => T };

/** A browser-like client: a cookie jar, the CSRF token, manual redirects; every answer goes to the scanner. */
export class Client {
  cookie = '';
  csrf = '';

  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    opts: { body?: string | Buffer; type?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (opts.type) headers['content-type'] = opts.type;
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    Object.assign(headers, opts.headers ?? {});
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
    this.takeCookie(res.headers);
    const text = await res.text();
    scanner.addResponse(`${method} ${path}`, res.headers.entries(), text);
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  takeCookie(h: Headers): void {
    for (const c of h.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('servedeck.sid=')) this.cookie = pair;
    }
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, headers ? { headers } : {});
  json = (method: string, path: string, body: unknown, headers?: Record<string, string>) =>
    this.request(method, path, {
      body: JSON.stringify(body),
      type: method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
      ...(headers ? { headers } : {}),
    });

  async login(sandbox: Sandbox, email: string): Promise<this> {
    const l = sandbox.logins.find((x) => x.email === email);
    if (!l) throw new Error(`${email} is not a sandbox login`);
    const r = await this.request('POST', '/auth/password', {
      body: JSON.stringify({ email: l.email, password: l.password }),
      type: 'application/json',
      csrf: false,
    });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
    this.csrf = String(r.json().csrfToken);
    return this;
  }
}

export async function loginClient(base: string, sandbox: Sandbox, email: string): Promise<Client> {
  return new Client(base).login(sandbox, email);
}

/**
 * Open an SSE stream; collects the raw text (scanned at close) and parsed `change`/`error` events.
 * `close()` aborts it.
 */
export class SseReader {
  text = '';
  events: Array<{ event: string; data: unknown }> = [];
  ended = false;
  status = 0;
  private readonly ac = new AbortController();
  private done: Promise<void> = Promise.resolve();

  constructor(
    readonly base: string,
    readonly path: string,
    readonly cookie: string,
  ) {}

  async open(): Promise<this> {
    const res = await fetch(`${this.base}${this.path}`, {
      headers: { cookie: this.cookie, accept: 'text/event-stream' },
      signal: this.ac.signal,
    });
    this.status = res.status;
    if (!res.ok || !res.body) {
      this.text = await res.text();
      this.ended = true;
      scanner.add(`SSE ${this.path}`, this.text);
      return this;
    }
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const chunk = dec.decode(value, { stream: true });
          this.text += chunk;
          buf += chunk;
          let i = buf.indexOf('\n\n');
          while (i >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (ev && data) this.events.push({ event: ev, data: JSON.parse(data) });
            i = buf.indexOf('\n\n');
          }
        }
      } catch {
        // aborted
      } finally {
        this.ended = true;
        scanner.add(`SSE ${this.path}`, this.text);
      }
    })();
    return this;
  }

  async until(pred: (r: this) => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred(this)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what} on ${this.path}`);
      if (this.ended && !pred(this)) throw new Error(`stream ended before ${what} on ${this.path}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.ac.abort();
    await this.done;
  }
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

export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
