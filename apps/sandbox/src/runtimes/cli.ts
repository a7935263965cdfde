/**
 * Manual entry for the model servers (not the sandbox CLI):
 *   npx tsx src/runtimes/cli.ts setup                      build (once) the venvs and the model mirror
 *   npx tsx src/runtimes/cli.ts serve RUNTIME URI NAME PORT  run one model server in the foreground
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureModelMirror } from './model-mirror';
import { ensurePythonEnvs } from './python-envs';
import { isRunnableRuntime, runnableRuntimes, runtimeEnv, serverCommand } from './server-command';

const cacheDir =
  process.env.SERVEDECK_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'servedeck');
const started = Date.now();
const log = (msg: string) => process.stdout.write(`[runtimes ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd !== 'setup' && cmd !== 'serve') {
    process.stderr.write('usage: cli.ts setup | serve RUNTIME URI NAME PORT\n');
    return 2;
  }
  const envs = await ensurePythonEnvs({ cacheDir, log });
  const mirror = await ensureModelMirror({ cacheDir, envs, log });
  if (cmd === 'setup') {
    process.stdout.write(`${JSON.stringify({ envs, mirror: { dir: mirror.dir, uris: mirror.uris } }, null, 2)}\n`);
    return 0;
  }
  const [runtime = '', uri = '', name = 'model', port = '8080'] = rest;
  if (!isRunnableRuntime(runtime)) {
    process.stderr.write(`runtime must be one of ${runnableRuntimes.join(', ')}\n`);
    return 2;
  }
  const resolved = mirror.resolve(uri, runtimeEnv(runtime));
  if (!resolved.ok) {
    process.stderr.write(`${resolved.reason}: ${resolved.message}\n`);
    return 1;
  }
  const workDir = join(tmpdir(), `servedeck-${name}-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  const cmdLine = serverCommand({
    runtime,
    modelName: name,
    modelDir: resolved.dir,
    port: Number(port),
    workDir,
    envs,
  });
  log(`${cmdLine.command} ${cmdLine.args.join(' ')} (ready: ${cmdLine.healthPath})`);
  const child = spawn(cmdLine.command, cmdLine.args, {
    stdio: 'inherit',
    cwd: cmdLine.cwd,
    env: { ...process.env, ...cmdLine.env },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
