// `npm start`: installs what is needed, builds ServeDeck, brings up the local sandbox, starts the BFF
// serving the web app, and prints the URL and the login to use. Ctrl-C stops ServeDeck (the sandbox
// keeps running; `npm run sandbox -- down` stops it).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installDeps, log, pnpmSync, root, toolEnv } from './lib.mjs';

installDeps();
log('building the web app and the BFF');
pnpmSync(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);

/** Ask the sandbox CLI for its environment; undefined when the sandbox cannot come up. */
function sandboxEnv() {
  log('bringing up the local sandbox (the first run builds Kubernetes, etcd and Dex from source)');
  const up = spawnSync(process.execPath, [join(root, 'scripts/sandbox.mjs'), 'up'], {
    stdio: 'inherit',
    cwd: root,
    env: toolEnv(),
  });
  if (up.status !== 0) return undefined;
  const env = spawnSync(process.execPath, [join(root, 'scripts/sandbox.mjs'), 'env', '--json'], {
    cwd: root,
    env: toolEnv(),
    encoding: 'utf8',
  });
  if (env.status !== 0) return undefined;
  return JSON.parse(env.stdout);
}

const sandbox = sandboxEnv();
if (!sandbox) log('the sandbox is not available: starting ServeDeck against your current kubeconfig');

const port = process.env.SERVEDECK_PORT ?? '8080';
const bff = spawn(process.execPath, [join(root, 'apps/bff/dist/main.js')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: toolEnv({
    ...(sandbox?.bff ?? {
      SERVEDECK_AUTH_MODE: 'kubeconfig',
      SERVEDECK_KUBECONFIG: process.env.KUBECONFIG ?? join(process.env.HOME ?? '', '.kube/config'),
    }),
    SERVEDECK_PORT: port,
    SERVEDECK_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SERVEDECK_WEB_DIST: join(root, 'apps/web/dist'),
  }),
});
bff.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => bff.kill('SIGTERM'));

const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  const ok = await fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}
process.stdout.write(`\nServeDeck is running at ${url}\n`);
if (sandbox?.logins) {
  for (const l of sandbox.logins)
    process.stdout.write(`  login: ${l.email} / ${l.password}${l.note ? `  (${l.note})` : ''}\n`);
} else {
  process.stdout.write('  login: acting as your kubeconfig identity (no login)\n');
}
process.stdout.write('Press Ctrl-C to stop ServeDeck.\n');
