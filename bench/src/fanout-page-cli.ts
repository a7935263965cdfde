/**
 * The fanout phase's list page alone, for comparing web builds side by side without the whole phase (which writes
 * 20,000 objects, runs two BFFs through four user steps and removes everything). From bench/:
 *
 *   npx tsx src/fanout-page-cli.ts --populate                     # write the objects once (kept)
 *   npx tsx src/fanout-page-cli.ts --dist=/tmp/a --dist=/tmp/b    # measure each build (web dist folders)
 *   npx tsx src/fanout-page-cli.ts --remove                       # remove them
 *
 * Options: --namespaces=200 --per=100 (the full shape), --users=20 (streams opened before the page, as in the phase),
 * --reps=2 (measurements per build), --profile=<dir> (a CPU profile of each load), --writes=300 (label changes 100 ms
 * apart while each page loads and scrolls: the same event rate for every build; KServe's own status writes vary).
 * Prints one JSON line per load.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeRest } from '@servedeck/sandbox/kube';
import { startBffProcess } from './bff';
import { fanoutNamespaces, fanoutUser, measureFanoutPage, populateFanout, removeFanout } from './fanout';
import { currentLoad } from './machine';
import { sleep } from './procs';
import { ensureSandbox } from './sandbox';
import { subscribe } from './sse-client';
import { writeTicks } from './write-latency';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const args = (name: string): string[] =>
  process.argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const m = Number(arg('namespaces') ?? 200);
  const per = Number(arg('per') ?? 100);
  const userCount = Number(arg('users') ?? 20);
  const reps = Number(arg('reps') ?? 2);
  const profileDir = arg('profile');
  const dists = args('dist');
  const writes = Number(arg('writes') ?? 0);
  const sandbox = await ensureSandbox(log);
  const kube = KubeRest.fromKubeconfig(sandbox.kubeconfig);
  const nss = fanoutNamespaces(m);
  const users = Array.from({ length: userCount }, (_, u) => fanoutUser(u));
  const dir = mkdtempSync(join(tmpdir(), 'servedeck-fanout-page-'));
  try {
    if (process.argv.includes('--populate')) await populateFanout({ kube, perNamespace: per, log }, nss, users);
    for (const [i, dist] of dists.entries()) {
      const bff = await startBffProcess({
        sandbox,
        logDir: dir,
        name: `fanout-page-${i}`,
        namespaces: nss,
        webDist: dist,
        env: {
          SERVEDECK_AUTH_MODE: 'trusted-header',
          SERVEDECK_TRUSTED_PROXIES: '127.0.0.1/32',
          SERVEDECK_PASSWORD_LOGIN: 'false',
        },
      });
      const subs = users
        .slice(1)
        .map((u) => subscribe(`${bff.url}/api/namespaces/_all/watch/inferenceservices`, { 'kubeflow-userid': u }));
      try {
        const deadline = Date.now() + 300_000;
        while (Date.now() < deadline && !subs.every((s) => s.resyncItems >= m * per || s.error)) await sleep(200);
        for (let r = 0; r < reps; r++) {
          const profile = profileDir ? join(profileDir, `page-${i}-${r}.cpuprofile`) : undefined;
          const [page] = await Promise.all([
            measureFanoutPage(bff.url, users[0] ?? fanoutUser(0), m * per, { dir, log, pageProfile: profile }),
            writes > 0 ? writeTicks(kube, nss, per, writes) : undefined,
          ]);
          const { rowTimeline: _, ...shown } = page.measured ? page : { ...page, rowTimeline: [] };
          process.stdout.write(`${JSON.stringify({ dist, rep: r, load: currentLoad(), ...shown })}\n`);
        }
      } finally {
        for (const s of subs) s.close();
        await bff.child.stop();
      }
    }
    if (process.argv.includes('--remove')) await removeFanout(kube, m, per, log);
  } finally {
    kube.close();
  }
}

await main();
