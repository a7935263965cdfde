// `npm test`: installs what the tests need and runs every suite (unit, integration against the local
// sandbox, end-to-end in Chromium), then prints one closing line "N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { installDeps, log, root, run, sandboxDirOf, testSandboxDir } from './lib.mjs';

// Every phase (unit, integration, e2e, and the sandbox CLI they call) uses the suite's own sandbox.
const userSandbox = sandboxDirOf();
process.env.SERVEDECK_SANDBOX_DIR = testSandboxDir();

function portFree(port) {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.once('error', () => resolvePort(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolvePort(true)));
  });
}

async function firstFreePort(ports) {
  for (const p of ports) if (await portFree(p)) return p;
  return ports[0];
}

const outDir = process.env.SERVEDECK_TEST_OUT ?? join(root, '.out');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Vitest's json reporter (jest-compatible fields). */
function countVitest(file) {
  const r = readJson(file);
  if (!r) return undefined;
  return {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
}

/** Playwright's json reporter. */
function countPlaywright(file) {
  const r = readJson(file);
  if (!r?.stats) return undefined;
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

function record(name, code, counts) {
  // A suite that reports no per-test counts (a smoke run) counts as one test.
  const c = counts ?? { passed: code === 0 ? 1 : 0, failed: 0, skipped: 0 };
  // A suite that failed without a failing test (a type error, a lint error, a crash) still counts as one failure.
  if (code !== 0 && c.failed === 0) c.failed = 1;
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  rows.push({ name, code, ...c });
  log(`${name}: ${c.passed} passed, ${c.failed} failed${code === 0 ? '' : ` (exit ${code})`}`);
}

const packages = ['packages/shared', 'apps/bff', 'apps/web', 'apps/sandbox', 'bench'];
for (const p of packages) rmSync(join(root, p, '.out'), { recursive: true, force: true });

installDeps();

// 1. Static checks, unit and component tests, production build (turbo caches what did not change).
log('unit: typecheck, lint, unit tests and build across all packages (turbo)');
const unitCode = await run('pnpm', [
  'exec',
  'turbo',
  'run',
  'typecheck',
  'lint',
  'test',
  'build',
  '--continue',
  '--concurrency=3',
  '--output-logs=errors-only',
]);
let unitFailures = 0;
for (const p of packages) {
  const counts = countVitest(join(root, p, '.out', 'vitest.json'));
  unitFailures += counts?.failed ?? 0;
  record(`unit ${p}`, counts && counts.failed > 0 ? 1 : 0, counts);
}
// turbo also fails when a test failed; count it separately only when something else (types, lint, build) broke.
if (unitCode !== 0 && unitFailures === 0)
  record('typecheck/lint/build', unitCode, { passed: 0, failed: 0, skipped: 0 });
// The structure's one rule biome cannot state: no two files import each other.
record('structure: import circles', await run(process.execPath, [join(root, 'scripts/import-circles.mjs')]));

// 2. The local sandbox (a cold machine builds Kubernetes, etcd and Dex and the Python model servers
// first: minutes, with progress). Left as it was found: stopped again at the end if this run started it.
const sandboxCli = join(root, 'scripts/sandbox.mjs');
// The suites run against real KServe (the only mode since the imitation was removed). A sandbox of the tests' own
// made by an older checkout may record the imitation (or no mode: from before it was recorded): `up` refuses it, so
// it is reset here (its cluster cannot be converted). The suite's sandbox and the fault tests' private one.
for (const dir of [
  process.env.SERVEDECK_SANDBOX_DIR,
  process.env.SERVEDECK_FAULTS_DIR || join(root, '.sandbox-faults'),
]) {
  const state = readJson(join(dir, 'state.json'));
  if (!state || state.kserveMode === 'real') continue;
  const had = state.kserveMode ? `'${state.kserveMode}'` : 'none recorded (the imitation)';
  log(`sandbox: ${dir} was made in KServe mode ${had}, not 'real': resetting it`);
  await run(process.execPath, [sandboxCli, 'reset'], { env: { SERVEDECK_SANDBOX_DIR: dir } });
}
const sandboxWasUp = (await run(process.execPath, [sandboxCli, 'status'], { stdio: 'ignore' })) === 0;
log(
  `sandbox: the suite's own, ${process.env.SERVEDECK_SANDBOX_DIR} (${sandboxWasUp ? 'already running' : 'bringing it up'}); ` +
    `yours (${userSandbox}) is left as it is`,
);
const upCode = await run(process.execPath, [sandboxCli, 'up']);
if (upCode !== 0) record('sandbox up', upCode, { passed: 0, failed: 0, skipped: 0 });

// 3. Integration tests against the sandbox (each package that has them).
const integration = ['apps/sandbox', 'apps/bff', 'deploy', 'bench'].filter((p) => {
  const pkg = readJson(join(root, p, 'package.json'));
  return Boolean(pkg?.scripts?.['test:integration']);
});
for (const p of integration) {
  log(`integration: ${p}`);
  const file = join(root, p, '.out', 'integration.json');
  // bench's smoke run (`--quick --check`) is not vitest: it prints its own checks and sets its exit code.
  const extra = p === 'bench' ? [] : ['--', `--outputFile.json=${file}`];
  const code = await run('pnpm', ['--dir', p, 'run', 'test:integration', ...extra]);
  record(`integration ${p}`, code, countVitest(file));
}

// 4. End-to-end in Debian's Chromium.
log('e2e: Playwright in Chromium');
const e2eOut = join(outDir, 'e2e');
// The BFF that Playwright starts must listen on a port Dex accepts as a redirect (18080-18089): take a free one.
const e2ePort = await firstFreePort([18080, 18081, 18082, 18083, 18084, 18085, 18086, 18087, 18088, 18089]);
const e2eCode = await run('pnpm', ['--dir', 'e2e', 'exec', 'playwright', 'test'], {
  env: { E2E_OUTPUT_DIR: e2eOut, E2E_PORT: String(e2ePort) },
});
record('e2e', e2eCode, countPlaywright(join(e2eOut, 'playwright.json')));
if (e2eCode !== 0 && existsSync(join(e2eOut, 'artifacts')))
  log(`e2e traces and screenshots: ${join(e2eOut, 'artifacts')}`);

if (!sandboxWasUp && process.env.SERVEDECK_KEEP_SANDBOX !== '1') {
  log('sandbox: stopping it again (set SERVEDECK_KEEP_SANDBOX=1 to keep it running)');
  await run(process.execPath, [sandboxCli, 'down']);
}

log('summary:');
for (const r of rows)
  process.stdout.write(
    `  ${r.name.padEnd(32)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed\n`,
  );
process.stdout.write(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`,
);
process.exit(totals.failed > 0 ? 1 : 0);
