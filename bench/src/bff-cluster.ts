/**
 * N BFF processes on one port with Node's cluster module (the deployment's replicas, on one machine): the
 * primary forks BENCH_BFF_WORKERS workers running apps/bff/dist/main.js with the environment it was given
 * (sessions must be shared: SERVEDECK_REDIS_URL and one SERVEDECK_SESSION_SECRET). The primary only
 * accepts connections and hands them round-robin to the workers (Node's default on Linux).
 *   BENCH_BFF_WORKERS=2 SERVEDECK_... node --import tsx bench/src/bff-cluster.ts
 */
import cluster from 'node:cluster';
import { join } from 'node:path';
import { repoRoot } from './sandbox';

const workers = Number(process.env.BENCH_BFF_WORKERS ?? '2');
if (!Number.isInteger(workers) || workers < 1) throw new Error('BENCH_BFF_WORKERS must be a positive integer');
if (!process.env.SERVEDECK_REDIS_URL) throw new Error('set SERVEDECK_REDIS_URL: the workers must share sessions');

cluster.setupPrimary({ exec: join(repoRoot, 'apps', 'bff', 'dist', 'main.js'), execArgv: [] });
for (let i = 0; i < workers; i++) cluster.fork();
let stopping = false;
// A worker that dies would leave the bench measuring fewer processes than it names: the whole cluster ends with it.
cluster.on('exit', (w, code, signal) => {
  if (stopping) return;
  process.stderr.write(`Error: bff worker ${w.process.pid} exited (code ${code}, signal ${signal})\n`);
  process.exit(1);
});
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 3000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
}
