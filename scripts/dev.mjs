// `npm run dev`: the sandbox, the BFF in watch mode (tsx) and Vite's dev server with hot reload.
// The browser talks to Vite (http://127.0.0.1:5173), which proxies /api and /auth to the BFF.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installDeps, log, root, toolEnv } from './lib.mjs';

if (!existsSync(join(root, 'node_modules'))) installDeps();
const sandboxCli = join(root, 'scripts/sandbox.mjs');
if (spawnSync(process.execPath, [sandboxCli, 'up'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const env = JSON.parse(spawnSync(process.execPath, [sandboxCli, 'env', '--json'], { encoding: 'utf8' }).stdout);

const bffPort = process.env.SERVEDECK_PORT ?? '8080';
const webUrl = 'http://127.0.0.1:5173';
const children = [
  spawn('pnpm', ['--dir', 'apps/bff', 'exec', 'tsx', 'watch', 'src/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: toolEnv({ ...env.bff, SERVEDECK_PORT: bffPort, SERVEDECK_PUBLIC_URL: webUrl }),
  }),
  spawn('pnpm', ['--dir', 'apps/web', 'exec', 'vite', '--port', '5173', '--strictPort'], {
    cwd: root,
    stdio: 'inherit',
    env: toolEnv({ SERVEDECK_BFF_URL: `http://127.0.0.1:${bffPort}` }),
  }),
];
log(`dev: open ${webUrl} (login ${env.logins[0].email} / ${env.logins[0].password})`);
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
