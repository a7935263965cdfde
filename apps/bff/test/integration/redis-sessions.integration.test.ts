import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningBff, startBff } from '../../src/main';
import { sandboxEnv } from './client';

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Sign user@example.com in on one replica (password grant); its session cookie and CSRF token. */
async function passwordLogin(url: string): Promise<{ cookie: string; csrf: string }> {
  const login = await fetch(`${url}/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'user@example.com', password: '12341234' }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  return { cookie, csrf };
}

describe('sessions in Redis (SERVEDECK_REDIS_URL): two BFF replicas share them', () => {
  let redis: ChildProcess | undefined;
  const bffs: RunningBff[] = [];
  let redisUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        mkdtempSync(`${tmpdir()}/sd-redis-`),
      ],
      {
        stdio: 'ignore',
      },
    );
    redisUrl = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((ok) => {
        const s = createServer();
        s.once('error', () => ok(true));
        s.listen(port, '127.0.0.1', () => s.close(() => ok(false)));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const env = sandboxEnv();
    const ports = env.redirectPorts.filter((p) => p !== 8080 && p !== 5173).slice(0, 4);
    for (const p of ports) {
      if (bffs.length === 2) break;
      try {
        bffs.push(
          await startBff(
            loadConfig({
              ...env.bff,
              SERVEDECK_PORT: String(p),
              SERVEDECK_PUBLIC_URL: `http://127.0.0.1:${p}`,
              SERVEDECK_REDIS_URL: redisUrl,
              SERVEDECK_SESSION_SECRET: 'integration-test-secret-0123456789',
              SERVEDECK_PASSWORD_LOGIN: 'true',
              SERVEDECK_LOG_LEVEL: 'warn',
            }),
          ),
        );
      } catch {
        // port taken: try the next redirect port
      }
    }
    expect(bffs.length).toBe(2);
  });

  const stopped = new Set<RunningBff>();
  afterAll(async () => {
    for (const b of bffs) if (!stopped.has(b)) await b.stop();
    redis?.kill('SIGTERM');
  });

  it('a login on one replica is valid on the other, and logout ends it on both', async () => {
    const [a, b] = bffs as [RunningBff, RunningBff];
    const { cookie, csrf } = await passwordLogin(a.url);
    const meB = await fetch(`${b.url}/api/me`, { headers: { cookie } });
    expect(meB.status).toBe(200);
    expect(((await meB.json()) as { user: { name: string } }).user.name).toBe('user@example.com');
    const out = await fetch(`${b.url}/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect((await fetch(`${a.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('a replica stopping logs nobody out: the next requests, writes included, go to the other one', async () => {
    const [a, b] = bffs as [RunningBff, RunningBff];
    const { cookie, csrf } = await passwordLogin(a.url);
    await a.stop();
    stopped.add(a);
    await expect(fetch(`${a.url}/api/me`, { headers: { cookie } })).rejects.toThrow();
    const me = await fetch(`${b.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('user@example.com');
    // The CSRF token issued by the stopped replica is valid on the other: it lives in the shared session.
    const write = await fetch(`${b.url}/api/namespaces/kubeflow-user-example-com/inferenceservices?dryRun=All`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'replica-failover', namespace: 'kubeflow-user-example-com' },
        spec: {
          predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://seldon-models/sklearn/iris' } },
        },
      }),
    });
    expect(write.status).toBe(201);
  });
});
