/**
 * `npm run bench` (full) / `npm run bench -- --quick` (smoke): ServeDeck side by side with what users
 * would use instead. Prints the report and writes it to docs/performance.md (quick: bench/.out/quick.md).
 * Over 300 lines: the phases' wiring in one place (options, sandbox, each phase's set-up and clean-up, the
 * report); each phase's work is in its own file.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KubeRest } from '@servedeck/sandbox/kube';
import { startBff } from './bff';
import { pageLayoutShifts } from './browser';
import { type RawResults, readResults, renderRun } from './build-report';
import { type CeilingResults, runCeilingPhase } from './ceiling';
import { producedNumbers } from './check';
import { type FanoutResults, removeFanout, runFanout } from './fanout';
import { ensureUserNamespace, isvcPath, isvcsPath } from './kube';
import { type LighthouseRun, runLighthouse } from './lighthouse';
import { type ListScaleResults, runListScale } from './list-scale';
import { type LoadPhaseResults, runLoadPhase } from './load';
import { currentLoad, describeMachine } from './machine';
import { METRICS_NS_ISVCS, type NamespacePrometheus, startNamespacePrometheus } from './metrics-namespace';
import { type MetricsPhaseResults, runMetricsPhase } from './metrics-route';
import { BENCH_ISVC, BENCH_LABELS, BENCH_NS } from './model-server';
import { ensureDebianPackages } from './nginx';
import { stopAll } from './procs';
import { type ProxyResults, runProxyBench } from './proxy';
import { ensureSandbox, repoRoot, type SandboxEnv, sandboxEnvSchema } from './sandbox';
import { scaleNamespaces } from './scale-objects';
import { runSseSlowPhase, type SseSlowResults } from './sse-slow';
import { type WebWeight, webWeight } from './web-weight';

export type { Phase } from './phase';

import { type Phase, type PhaseMark, phaseSeconds } from './phase';

const PHASES: readonly Phase[] = ['proxy', 'list', 'web', 'load', 'metrics', 'sse', 'ceiling', 'fanout'];

export type Options = {
  quick: boolean;
  phases: Phase[];
  out: string;
  keepTmp: boolean;
  check: boolean;
  render?: string;
};

export function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const phases = (
    only ? only.split(',') : ['proxy', 'ceiling', 'web', 'list', 'load', 'metrics', 'sse', 'fanout']
  ).filter((p): p is Phase => PHASES.includes(p as Phase));
  const outArg = argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const out = outArg
    ? resolve(process.env.INIT_CWD ?? process.cwd(), outArg)
    : quick
      ? join(repoRoot, 'bench', '.out', 'quick.md')
      : join(repoRoot, 'docs', 'performance.md');
  const render = argv.find((a) => a.startsWith('--render='))?.slice('--render='.length);
  const renderQuick = render !== undefined && /quick/.test(render);
  return {
    quick,
    phases,
    out:
      render && !outArg
        ? join(repoRoot, ...(renderQuick ? ['bench', '.out', 'quick.md'] : ['docs', 'performance.md']))
        : out,
    keepTmp: argv.includes('--keep-tmp'),
    check: argv.includes('--check'),
    ...(render ? { render: resolve(process.env.INIT_CWD ?? process.cwd(), render) } : {}),
  };
}

const log = (s: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
};

function ensureBuilt(): void {
  const web = join(repoRoot, 'apps', 'web', 'dist', 'index.html');
  const bff = join(repoRoot, 'apps', 'bff', 'dist', 'main.js');
  if (existsSync(web) && existsSync(bff)) return;
  for (let i = 0; i < 30 && !(existsSync(web) && existsSync(bff)); i++) {
    // Someone may be rebuilding right now (shared working tree): give it a minute before building.
    spawnSync('sleep', ['2']);
  }
  if (existsSync(web) && existsSync(bff)) return;
  log('building the web app and the BFF (turbo run build)');
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'scripts', 'pnpm.mjs'), 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('turbo run build failed');
}

/** A private copy of the web build, so a rebuild in the shared tree cannot pull it away mid-run. */
function snapshotWebDist(dir: string): string {
  ensureBuilt();
  const copy = join(dir, 'web-dist');
  rmSync(copy, { recursive: true, force: true });
  cpSync(join(repoRoot, 'apps', 'web', 'dist'), copy, { recursive: true });
  return copy;
}

async function webPhase(dir: string, dist: string, sandbox: SandboxEnv, kube: KubeRest, quick: boolean) {
  const weight = webWeight(dist);
  await ensureUserNamespace(kube, BENCH_NS, 'user@example.com', BENCH_LABELS);
  const bff = await startBff({ sandbox, logDir: dir, name: 'web', namespaces: [BENCH_NS], webDist: dist });
  const runs: LighthouseRun[] = [];
  try {
    const pages = [
      ['list', `/ns/${BENCH_NS}`],
      ['details', `/ns/${BENCH_NS}/isvc/${BENCH_ISVC}`],
    ] as const;
    for (const ff of quick ? (['mobile'] as const) : (['mobile', 'desktop'] as const)) {
      for (const [name, path] of pages) {
        log(`lighthouse ${name} (${ff})`);
        let run = await runLighthouse(`${bff.url}${path}`, name, bff.session.cookie, ff);
        // A trace can fail on a loaded machine (NO_NAVSTART and the like): one more try.
        if (run.score === undefined) run = await runLighthouse(`${bff.url}${path}`, name, bff.session.cookie, ff);
        const vp = ff === 'mobile' ? { width: 412, height: 823 } : { width: 1350, height: 940 };
        const shifts = await pageLayoutShifts(`${bff.url}${path}`, bff.session.cookie, vp, 5000, ff === 'mobile').catch(
          () => [],
        );
        const moved = shifts
          .filter((x) => x.value >= 0.005)
          .sort((a, b) => b.value - a.value)
          .slice(0, 3)
          .map((x) => `${x.value.toFixed(3)} at ${x.atMs} ms: ${x.sources.slice(0, 3).join(', ') || '?'}`);
        runs.push({ ...run, shifts: moved.length ? moved : ['none'] });
      }
    }
  } finally {
    await bff.child.stop();
  }
  return { weight, runs };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.render) {
    // Render again from saved results (after a wording change): no measurement.
    const md = renderRun(readResults(opts.render));
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, md);
    log(`rendered ${opts.render} to ${opts.out}`);
    return 0;
  }
  const started = Date.now();
  const machine = describeMachine();
  log(
    `${opts.quick ? 'quick' : 'full'} run: ${opts.phases.join(', ')}; load average ${machine.loadAtStart.map((x) => x.toFixed(2)).join(' ')}`,
  );
  ensureDebianPackages(log);
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'servedeck-bench-'));
  // BENCH_SANDBOX_ENV: a saved `sandbox env --json` (a sandbox whose `up` is still busy, or one run elsewhere)
  const envFile = process.env.BENCH_SANDBOX_ENV;
  const sandbox = envFile
    ? sandboxEnvSchema.parse(JSON.parse(readFileSync(envFile, 'utf8')))
    : await ensureSandbox(log);
  const kube = KubeRest.fromKubeconfig(sandbox.kubeconfig);
  const failures: string[] = [];
  let proxy: ProxyResults | undefined;
  let list: ListScaleResults | undefined;
  let web: { weight: WebWeight; runs: LighthouseRun[] } | undefined;
  let load: LoadPhaseResults | undefined;
  let metrics: MetricsPhaseResults | undefined;
  let sse: SseSlowResults | undefined;
  let ceiling: CeilingResults | undefined;
  let fanout: FanoutResults | undefined;
  let stopping = false;
  const onSignal = (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping what the bench started`);
    void cleanup().finally(() => process.exit(130));
  };
  const cleanup = async (): Promise<void> => {
    await nsProm?.stop();
    await stopAll({ all: true });
    // The bench's model server goes away with its InferenceService; the scale objects with theirs.
    await kube.call('DELETE', isvcPath(BENCH_NS, BENCH_ISVC)).catch(() => undefined);
    for (const ns of scaleNamespaces(opts.quick ? 4 : 50))
      await kube.call('DELETE', isvcsPath(ns)).catch(() => undefined);
  };
  const marks: PhaseMark[] = [];
  const mark = (phase: PhaseMark['phase']) => marks.push({ phase, at: Date.now() });
  // The quick run (a smoke) starts the metrics phase's own Prometheus now: the namespace route can only be measured a
  // whole minute after its second scrape (metrics-window.ts), which then passes during the other phases. Not in the
  // full run, whose other measurements should not share the machine with it.
  let nsProm: NamespacePrometheus | undefined;
  if (opts.quick && opts.phases.includes('metrics'))
    nsProm = await startNamespacePrometheus({ dir, kube, isvcs: METRICS_NS_ISVCS, early: true }).catch(
      (err: unknown) => {
        log(`metrics: the bench Prometheus did not start early (${String(err)}); the phase starts its own`);
        return undefined;
      },
    );
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  try {
    if (opts.phases.includes('proxy')) {
      mark('proxy');
      try {
        proxy = await runProxyBench({
          dir,
          sandbox,
          kube,
          durationS: opts.quick ? 2 : 5,
          connections: opts.quick ? [1, 16] : [1, 16, 64],
          sizesMb: opts.quick ? [1] : [1, 10],
          log,
        });
      } catch (err) {
        failures.push(`proxy: ${String(err)}`);
        log(`proxy failed: ${String(err)}`);
      }
    }
    if (opts.phases.includes('ceiling')) {
      mark('ceiling');
      try {
        ceiling = await runCeilingPhase({ dir, sandbox, kube, quick: opts.quick, log });
      } catch (err) {
        failures.push(`ceiling: ${String(err)}`);
        log(`ceiling failed: ${String(err)}`);
      }
      await stopAll();
    }
    if (opts.phases.includes('web')) {
      mark('web');
      try {
        web = await webPhase(dir, snapshotWebDist(dir), sandbox, kube, opts.quick);
      } catch (err) {
        failures.push(`web: ${String(err)}`);
        log(`web failed: ${String(err)}`);
      }
    }
    if (opts.phases.includes('list')) {
      mark('list');
      try {
        list = await runListScale({
          dir,
          sandbox,
          kube,
          namespaces: opts.quick ? 4 : 50,
          perNamespace: opts.quick ? 50 : 100,
          warmReps: opts.quick ? 3 : 10,
          subscribers: opts.quick ? 10 : 50,
          writes: opts.quick ? 20 : 100,
          webDist: snapshotWebDist(dir),
          log,
        });
      } catch (err) {
        failures.push(`list: ${String(err)}`);
        log(`list failed: ${String(err)}`);
      }
    }
    if (opts.phases.includes('load')) {
      mark('load');
      try {
        // 200 stream clients and 50 inference requests/s (issue 9); quick: 10 s
        load = await runLoadPhase({
          dir,
          sandbox,
          kube,
          streams: 200,
          ratePerS: 50,
          durationS: opts.quick ? 10 : 60,
          quick: opts.quick,
          log,
        });
      } catch (err) {
        failures.push(`load: ${String(err)}`);
        log(`load failed: ${String(err)}`);
      }
    }
    if (opts.phases.includes('metrics')) {
      mark('metrics');
      try {
        metrics = await runMetricsPhase({ dir, sandbox, kube, quick: opts.quick, log, nsProm });
        for (const e of metrics.errors) failures.push(`metrics: ${e}`);
      } catch (err) {
        failures.push(`metrics: ${String(err)}`);
        log(`metrics failed: ${String(err)}`);
      }
    }
    if (opts.phases.includes('sse')) {
      mark('sse');
      try {
        sse = await runSseSlowPhase({ dir, sandbox, kube, quick: opts.quick, log });
      } catch (err) {
        failures.push(`sse: ${String(err)}`);
        log(`sse failed: ${String(err)}`);
      }
    }
    if (opts.phases.includes('fanout')) {
      mark('fanout');
      // 20,000 InferenceServices in 200 namespaces, 20 users watching all of them (issue 20 item 3)
      const shape = opts.quick ? { namespaces: 4, perNamespace: 25 } : { namespaces: 200, perNamespace: 100 };
      try {
        fanout = await runFanout({
          dir,
          sandbox,
          kube,
          ...shape,
          userSteps: opts.quick ? [1, 2] : [1, 5, 10, 20],
          // the per-user reference breaks at 20 users (2026-12-06: 3.8-4.3 GB): 1, 5 and 10 show its slope
          referenceSteps: opts.quick ? [] : [1, 5, 10],
          stepBudgetMs: opts.quick ? 60_000 : 300_000,
          writes: opts.quick ? 5 : 50,
          webDist: snapshotWebDist(dir),
          log,
        });
      } catch (err) {
        failures.push(`fanout: ${String(err)}`);
        log(`fanout failed: ${String(err)}`);
      } finally {
        await removeFanout(kube, shape.namespaces, shape.perNamespace, log).catch((err: unknown) =>
          log(`fanout clean-up failed: ${String(err)}`),
        );
      }
    }
    mark('end');
  } finally {
    await cleanup();
    kube.close();
  }
  const took = phaseSeconds(marks);
  log(`seconds per phase: ${took.map((t) => `${t.phase} ${t.seconds}`).join(', ')}`);
  // The processes' logs (BFFs, pass-throughs, nginx, Prometheus) stay when anything failed, a check too.
  const keepLogs = (failed: boolean): void => {
    if (!opts.keepTmp && !failed) rmSync(dir, { recursive: true, force: true });
    else log(`logs kept in ${dir}`);
  };
  const raw: RawResults = {
    started,
    machine: { ...machine, loadAtEnd: currentLoad() },
    quick: opts.quick,
    durationS: (Date.now() - started) / 1000,
    failures,
    ...(proxy ? { proxy } : {}),
    ...(list ? { list } : {}),
    ...(web ? { web } : {}),
    ...(ceiling ? { ceiling } : {}),
    ...(load ? { load } : {}),
    ...(metrics ? { metrics } : {}),
    ...(sse ? { sse } : {}),
    ...(fanout ? { fanout } : {}),
  };
  const rawFile = join(repoRoot, 'bench', '.out', `results-${opts.quick ? 'quick' : 'full'}.json`);
  mkdirSync(dirname(rawFile), { recursive: true });
  writeFileSync(rawFile, JSON.stringify(raw, null, 1));
  const md = renderRun(raw);
  process.stdout.write(`${md}\n`);
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, md);
  log(`written to ${opts.out}`);
  if (opts.check) {
    const checks = producedNumbers(opts.phases, proxy, list, web, failures, { metrics, sse, ceiling, fanout });
    for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : `: ${c.why}`}\n`);
    const failed = checks.filter((c) => !c.ok).length;
    process.stdout.write(`${checks.length - failed} passed, ${failed} failed\n`);
    keepLogs(failed > 0 || failures.length > 0);
    return failed ? 1 : 0;
  }
  keepLogs(failures.length > 0);
  return failures.length ? 1 : 0;
}

const isEntry = process.argv[1] !== undefined && /main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main().then(
    (code) => process.exit(code),
    async (err: unknown) => {
      log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await stopAll({ all: true });
      process.exit(1);
    },
  );
}
