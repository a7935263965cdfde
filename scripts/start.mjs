// `npm start`: installs what is needed, builds ServeDeck, brings up the local sandbox, starts the BFF
// serving the web app, and prints the URL, the login to use and the cluster it talks to. Ctrl-C stops
// ServeDeck (the sandbox keeps running; `npm run sandbox -- down` stops it).
// When the sandbox cannot come up, it says so loudly (why, and where the logs are) and starts against
// your current kubeconfig instead, naming that cluster. SERVEDECK_SANDBOX=off skips the sandbox.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installDeps, log, pnpmSync, root, sandboxDirOf, toolEnv } from './lib.mjs';

// SERVEDECK_START_BUILD=0: use what is built (the integration test of this script, after the build).
if (process.env.SERVEDECK_START_BUILD !== '0') {
  installDeps();
  log('building the web app and the BFF');
  pnpmSync(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}

/** Run the sandbox CLI, its output shown as it comes; resolves with the exit code and the last lines. */
function sandboxUp() {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'scripts/sandbox.mjs'), 'up'], {
      cwd: root,
      env: toolEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk, to) => {
      to.write(chunk);
      tail = (tail + chunk.toString('utf8')).split('\n').slice(-15).join('\n');
    };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    child.on('error', (err) => done({ code: 127, tail: String(err) }));
    child.on('exit', (code, signal) => done({ code: code ?? (signal ? 1 : 0), tail }));
  });
}

/** The sandbox's environment, or why there is none. */
async function sandboxEnv() {
  if (process.env.SERVEDECK_SANDBOX === 'off') return { why: 'SERVEDECK_SANDBOX=off' };
  log('bringing up the local sandbox (the first run builds Kubernetes, etcd and Dex from source)');
  const up = await sandboxUp();
  if (up.code !== 0) return { why: `\`npm run sandbox -- up\` exited ${up.code}`, tail: up.tail };
  const env = spawnSync(process.execPath, [join(root, 'scripts/sandbox.mjs'), 'env', '--json'], {
    cwd: root,
    env: toolEnv(),
    encoding: 'utf8',
  });
  if (env.status !== 0) return { why: `\`npm run sandbox -- env --json\` exited ${env.status}`, tail: env.stderr };
  return { env: JSON.parse(env.stdout) };
}

function banner(lines) {
  const width = Math.min(100, Math.max(...lines.map((l) => l.length)) + 4);
  const bar = '!'.repeat(width);
  process.stdout.write(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n\n`);
}

const sandbox = await sandboxEnv();
const kubeconfig = process.env.KUBECONFIG?.split(':')[0] || join(process.env.HOME ?? '', '.kube/config');
if (!sandbox.env) {
  const lines = [
    `The local sandbox is NOT running: ${sandbox.why}.`,
    ...(sandbox.tail
      ? [
          'Its last lines:',
          ...sandbox.tail
            .trim()
            .split('\n')
            .map((l) => `    ${l.slice(0, 160)}`),
        ]
      : []),
    ...(sandbox.why.startsWith('SERVEDECK_SANDBOX')
      ? []
      : [`Component logs: ${join(sandboxDirOf(), 'logs')}/; \`npm run sandbox -- status\` says what runs.`]),
    `ServeDeck starts against YOUR CURRENT KUBECONFIG instead: ${kubeconfig}`,
    '(kubeconfig mode: no login, every call is made as that kubeconfig identity).',
  ];
  if (!existsSync(kubeconfig)) {
    lines.push(`But ${kubeconfig} does not exist: nothing to connect to. Fix the sandbox and run npm start again.`);
    banner(lines);
    process.exit(1);
  }
  banner(lines);
}

const port = process.env.SERVEDECK_PORT ?? '8080';
const bff = spawn(process.execPath, [join(root, 'apps/bff/dist/main.js')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: toolEnv({
    ...(sandbox.env?.bff
      ? { ...sandbox.env.bff, SERVEDECK_CLUSTER_NAME: 'sandbox' }
      : { SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_KUBECONFIG: kubeconfig }),
    // readable logs for a person at a terminal; JSON when piped or in production
    SERVEDECK_LOG_FORMAT:
      process.env.SERVEDECK_LOG_FORMAT ??
      (process.stdout.isTTY && process.env.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    SERVEDECK_PORT: port,
    SERVEDECK_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SERVEDECK_WEB_DIST: join(root, 'apps/web/dist'),
  }),
});
bff.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => bff.kill('SIGTERM'));

const url = `http://127.0.0.1:${port}`;
let up = false;
for (let i = 0; i < 100 && !up; i++) {
  up = await fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!up) await new Promise((r) => setTimeout(r, 200));
}

/** The cluster as the BFF sees it (kubeconfig mode answers /api/me without a login). */
async function clusterLine() {
  if (sandbox.env) return `sandbox (${sandbox.env.apiserverUrl})`;
  const me = await fetch(`${url}/api/me`).then(
    (r) => (r.ok ? r.json() : undefined),
    () => undefined,
  );
  return me?.cluster ? `${me.cluster.name} (${me.cluster.server}) as ${me.user?.name}` : `from ${kubeconfig}`;
}

process.stdout.write(`\nServeDeck is running at ${url}\n`);
process.stdout.write(`  cluster: ${await clusterLine()}\n`);
if (sandbox.env?.logins) {
  for (const l of sandbox.env.logins)
    process.stdout.write(`  login: ${l.email} / ${l.password}${l.note ? `  (${l.note})` : ''}\n`);
} else {
  process.stdout.write('  login: none; acting as your kubeconfig identity (NOT the sandbox)\n');
}
process.stdout.write('Press Ctrl-C to stop ServeDeck.\n');
