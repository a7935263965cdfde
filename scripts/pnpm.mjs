// `node scripts/pnpm.mjs ARGS` runs the pnpm version pinned in package.json, installing it if needed.
import { spawnSync } from 'node:child_process';
import { ensurePnpm, root, toolEnv } from './lib.mjs';

const r = spawnSync(process.execPath, [ensurePnpm(), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? root,
  env: toolEnv(),
});
process.exit(r.status ?? 1);
