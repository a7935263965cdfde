// `npm run sandbox -- <command>`: runs the sandbox CLI (apps/sandbox/src/cli.ts) with the workspace's tsx,
// installing dependencies first on a fresh checkout. Exit code and output are the CLI's own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installDeps, root, toolEnv } from './lib.mjs';

const tsx = join(root, 'apps/sandbox/node_modules/.bin/tsx');
if (!existsSync(tsx)) installDeps();
// The caller's folder stays the working directory, so `kubectl -- apply -f ./file` means their file.
const r = spawnSync(tsx, [join(root, 'apps/sandbox/src/cli.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: toolEnv(),
});
process.exit(r.status ?? 1);
