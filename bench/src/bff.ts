/** Start ServeDeck's BFF against the sandbox, log in through the password route, and talk to it. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { type Child, exitNote, httpOk, listensOn, sleep, startChild } from './procs';
import { repoRoot, type SandboxEnv } from './sandbox';

export type Session = { cookie: string; csrf: string; email: string };
export type RunningBff = { child: Child; url: string; how: string; session: Session };

const bffDir = join(repoRoot, 'apps', 'bff');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The built bundle (what `npm start` runs); when it is older than the sources it is rebuilt (esbuild, a few
 * seconds), and if that fails the sources run under tsx as a loader in the same process (not the tsx CLI,
 * which would put a wrapper process between us and the BFF whose memory we read).
 */
export function bffCommand(log: (s: string) => void = () => {}): { command: string; args: string[]; how: string } {
  const dist = join(bffDir, 'dist', 'main.js');
  const fresh = (): boolean => existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(bffDir, 'src'));
  if (!fresh()) {
    log('apps/bff/dist/main.js is missing or older than apps/bff/src: building it');
    spawnSync(process.execPath, [join(repoRoot, 'scripts', 'pnpm.mjs'), '--filter', '@servedeck/bff', 'run', 'build'], {
      cwd: repoRoot,
      stdio: 'ignore',
      timeout: 120_000,
    });
  }
  if (fresh()) return { command: process.execPath, args: [dist], how: 'node apps/bff/dist/main.js (the bundle)' };
  return {
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    how: 'node --import tsx apps/bff/src/main.ts (the bundle could not be built)',
  };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

export async function pickRedirectPort(ports: number[]): Promise<number> {
  // Prefer the high ones: 8080 and 5173 are what people use for `npm start` / `npm run dev`.
  for (const p of [...ports].reverse()) if (await portFree(p)) return p;
  throw new Error(`none of the sandbox redirect ports is free: ${ports.join(', ')}`);
}

const loginAnswer = z.object({ csrfToken: z.string().min(1) });

export async function login(url: string, email: string, password: string): Promise<Session> {
  const r = await fetch(`${url}/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`password login as ${email} failed: ${r.status} ${text.slice(0, 300)}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.length > 0)
    .join('; ');
  if (!cookie) throw new Error('password login set no cookie');
  const csrf = loginAnswer.parse(JSON.parse(text)).csrfToken;
  return { cookie, csrf, email };
}

export type BffOptions = {
  sandbox: SandboxEnv;
  logDir: string;
  name: string;
  namespaces: string[];
  clusterLocalUrl?: string;
  webDist?: string;
  /** Extra environment for the BFF (over the sandbox's), e.g. another SERVEDECK_PROMETHEUS_URL. */
  env?: Record<string, string>;
  /** Run this many BFF processes with the cluster module (bff-cluster.ts; needs SERVEDECK_REDIS_URL in env). */
  cluster?: number;
  /** Extra node flags for the BFF (e.g. --cpu-prof); BENCH_BFF_NODE_ARGS (space-separated) adds more. */
  nodeArgs?: string[];
};

/** The BFF process, healthy, without a session (trusted-header mode has no login: the proxy names the user). */
/**
 * The BFF on a free redirect port. Other engineers' BFFs on the machine use the same ports: one may take the port
 * between the check and the bind (the BFF then exits with EADDRINUSE: tried again on another port, at most 3 times),
 * and its /healthz must not pass for ours (ours is up when its own process holds the listening socket).
 */
export async function startBffProcess(o: BffOptions): Promise<Omit<RunningBff, 'session'>> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickRedirectPort(o.sandbox.redirectPorts);
    try {
      return await startBffOn(o, port, attempt);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error && /EADDRINUSE/.test(err.message))) throw err;
    }
  }
}

async function startBffOn(o: BffOptions, port: number, attempt: number): Promise<Omit<RunningBff, 'session'>> {
  const url = `http://127.0.0.1:${port}`;
  const cmd = bffCommand();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...o.sandbox.bff,
    SERVEDECK_PORT: String(port),
    SERVEDECK_HOST: '127.0.0.1',
    SERVEDECK_PUBLIC_URL: url,
    SERVEDECK_PASSWORD_LOGIN: 'true',
    SERVEDECK_NAMESPACES: o.namespaces.join(','),
    SERVEDECK_LOGIN_RATE_LIMIT: '1000',
    NODE_ENV: 'production',
    ...(o.clusterLocalUrl ? { SERVEDECK_CLUSTER_LOCAL_URL: o.clusterLocalUrl } : {}),
    ...(o.webDist ? { SERVEDECK_WEB_DIST: o.webDist } : {}),
    ...o.env,
  };
  const nodeArgs = [...(o.nodeArgs ?? []), ...(process.env.BENCH_BFF_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const args = o.cluster
    ? ['--import', 'tsx', join(repoRoot, 'bench', 'src', 'bff-cluster.ts')]
    : [...nodeArgs, ...cmd.args];
  if (o.cluster) env.BENCH_BFF_WORKERS = String(o.cluster);
  const child = startChild(`bff-${o.name}`, cmd.command, args, {
    cwd: bffDir,
    env,
    log: join(o.logDir, `bff-${o.name}${attempt > 1 ? `-${attempt}` : ''}.log`),
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const gone = exitNote(child);
      if (gone) throw new Error(`the BFF ${o.name} on port ${port} ${gone}`);
      if (listensOn(child.pid, port) && (await httpOk(`${url}/healthz`).catch(() => false))) break;
      if (Date.now() > deadline)
        throw new Error(
          `timed out after 60 s waiting for the BFF at ${url}${listensOn(child.pid, port) ? '' : ' (its process does not hold the port)'}`,
        );
      await sleep(200);
    }
  } catch (err) {
    await child.stop();
    throw err;
  }
  const how = o.cluster
    ? `${o.cluster} × node apps/bff/dist/main.js (cluster module, bench/src/bff-cluster.ts)`
    : cmd.how;
  return { child, url, how };
}

/** The BFF process and a password login as user@example.com (OIDC mode, the sandbox's default). */
export async function startBff(o: BffOptions): Promise<RunningBff> {
  const running = await startBffProcess(o);
  try {
    const user = o.sandbox.logins.find((l) => l.email === 'user@example.com') ?? o.sandbox.logins[0];
    if (!user) throw new Error('the sandbox lists no login');
    return { ...running, session: await login(running.url, user.email, user.password) };
  } catch (err) {
    await running.child.stop();
    throw err;
  }
}

export function apiHeaders(s: Session): Record<string, string> {
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}
