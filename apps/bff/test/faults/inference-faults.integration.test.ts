import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type LocalBff,
  loginClient,
  type Reply,
  type Sandbox,
  scanner,
  sleep,
  startLocalBff,
} from '../security/harness';
import { ensureModel, IRIS, modelProcess, PREDICT } from './model-server';
import { upPrivate } from './private-sandbox';

/**
 * Issue 9: the model server fails under a request in flight. A real KServe sklearn server of the private
 * sandbox (FAULTS_DIR; SERVEDECK_FAULTS_DIR overrides the folder, for working on these tests beside others):
 * - frozen (SIGSTOP: it accepts connections in the kernel and never answers) → 504 after
 *   SERVEDECK_INFER_TIMEOUT_MS, with a message that says so;
 * - killed (SIGKILL) while a request sits unread in its socket → a clear answer, never a hang: the BFF's
 *   own 502 UpstreamUnavailable on the direct route, the gateway's 503 passed on through the gateway.
 */
const TIMEOUT_MS = 3000;
/** Long enough that a hang (an answer only when this runs out) shows as 504, not as the 502 wanted. */
const LONG_TIMEOUT_MS = 45_000;

/**
 * Connections to 127.0.0.1:port with request bytes waiting unread in the server's socket (the server
 * side of the connection: local port = port, receive queue > 0), from /proc/net/tcp.
 */
function unreadRequests(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    const [local, , state, queues] = [f[1], f[2], f[3], f[4]];
    if (!local?.endsWith(`:${hexPort}`) || state !== '01' || !queues) continue;
    if (Number.parseInt(queues.split(':')[1] ?? '0', 16) > 0) n += 1;
  }
  return n;
}

async function untilUnread(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (unreadRequests(port) > 0) return;
    await sleep(100);
  }
  throw new Error('the request never reached the model server`s socket');
}

/** Freeze the model server for the duration of `f` (SIGCONT always follows unless it was killed). */
async function frozen<T>(f: (m: { pid: number; port: number }) => Promise<T>): Promise<T> {
  const m = modelProcess();
  process.kill(m.pid, 'SIGSTOP');
  try {
    return await f(m);
  } finally {
    try {
      process.kill(m.pid, 'SIGCONT');
    } catch {
      // killed by the test
    }
  }
}

const predict = (c: Client, route: 'gateway' | 'cluster-local'): Promise<Reply> =>
  c.request('POST', `${PREDICT}?route=${route}`, { body: IRIS, type: 'application/json' });

describe('fault: the model server freezes or dies under a request in flight', () => {
  let sandbox: Sandbox;
  let shortBff: LocalBff;
  let user: Client;

  beforeAll(async () => {
    sandbox = upPrivate();
    shortBff = await startLocalBff(sandbox, { SERVEDECK_INFER_TIMEOUT_MS: String(TIMEOUT_MS) });
    user = await loginClient(shortBff.url, sandbox, 'user@example.com');
    await ensureModel(user);
  }, 15 * 60_000);

  afterAll(async () => {
    // leave a serving model behind for the next test file
    if (user) await ensureModel(user).catch(() => undefined);
    await shortBff?.stop();
    expect(scanner.findings()).toEqual([]);
  }, 300_000);

  it('a frozen model server: 504 GatewayTimeout naming the timeout (through the gateway)', async () => {
    expect((await predict(user, 'gateway')).status).toBe(200);
    const r = await frozen(() => predict(user, 'gateway'));
    expect(r.status, r.text).toBe(504);
    expect(r.json()).toMatchObject({
      reason: 'GatewayTimeout',
      message: `The model server did not answer within ${TIMEOUT_MS} ms`,
    });
    // and it serves again once it runs again
    expect((await predict(user, 'gateway')).status).toBe(200);
  });

  it('killed with a request in its socket: 502 UpstreamUnavailable straight from the BFF (direct route)', async () => {
    const { port } = modelProcess();
    // this BFF's cluster-local route goes straight to the pod port: no gateway between it and the server
    const direct = await startLocalBff(sandbox, {
      SERVEDECK_CLUSTER_LOCAL_URL: `http://127.0.0.1:${port}`,
      SERVEDECK_INFER_TIMEOUT_MS: String(LONG_TIMEOUT_MS),
    });
    try {
      const c = await loginClient(direct.url, sandbox, 'user@example.com');
      expect((await predict(c, 'cluster-local')).status).toBe(200);
      const r = await frozen(async (m) => {
        const inFlight = predict(c, 'cluster-local');
        await untilUnread(m.port);
        process.kill(m.pid, 'SIGKILL');
        return inFlight;
      });
      expect(r.status, r.text).toBe(502);
      expect(r.json()).toMatchObject({ reason: 'UpstreamUnavailable' });
      expect(String(r.json().message)).toMatch(/^The inference endpoint is not reachable/);
    } finally {
      await direct.stop();
    }
  }, 120_000);

  it('killed with a request in its socket, through the gateway: the gateway`s 503 is passed on', async () => {
    await ensureModel(user);
    const long = await startLocalBff(sandbox, { SERVEDECK_INFER_TIMEOUT_MS: String(LONG_TIMEOUT_MS) });
    try {
      const c = await loginClient(long.url, sandbox, 'user@example.com');
      const r = await frozen(async (m) => {
        const inFlight = predict(c, 'gateway');
        await untilUnread(m.port);
        process.kill(m.pid, 'SIGKILL');
        return inFlight;
      });
      // the sandbox gateway answers as Envoy does when the upstream resets
      expect(r.status, r.text).toBe(503);
      expect(r.text).toContain('upstream connect error or disconnect/reset before headers');
      expect(r.headers.get('server-timing')).toMatch(/^upstream;dur=/);
    } finally {
      await long.stop();
    }
  }, 300_000);
});
