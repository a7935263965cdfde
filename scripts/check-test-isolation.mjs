// `node scripts/check-test-isolation.mjs`: shows that `npm test` cannot see what a user made in their
// sandbox. It makes the "user" object of issue 16 (the seed's sklearn-iris, by hand, in
// kubeflow-user-example-com) in your sandbox (`.sandbox`, or SERVEDECK_SANDBOX_DIR), then asks the
// suite's own sandbox (scripts/lib.mjs testSandboxDir, what `npm test` uses for every phase) for it: it
// must not be there, and the two sandboxes must not share an apiserver. Each sandbox is brought up if it
// is not running and stopped again afterwards; an object this script made is deleted again.
// Prints "N passed, N failed" and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { log, root, sandboxDirOf, testSandboxDir, toolEnv } from './lib.mjs';

const NS = 'kubeflow-user-example-com';
const NAME = 'sklearn-iris';
const cli = join(root, 'scripts/sandbox.mjs');
const userDir = sandboxDirOf();
const suiteDir = testSandboxDir();
const results = [];

function check(name, ok, detail) {
  results.push(ok);
  log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

/** The sandbox CLI against one state folder. */
function sandbox(dir, args, input) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: toolEnv({ SERVEDECK_SANDBOX_DIR: dir }),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: 40 * 60_000,
  });
  return { code: r.status ?? 1, out: r.stdout ?? '', err: r.stderr ?? '' };
}

function ensureUp(dir, who) {
  if (sandbox(dir, ['status']).code === 0) return false;
  log(`${who} sandbox (${dir}) is not running: bringing it up (stopped again at the end)`);
  const up = sandbox(dir, ['up']);
  if (up.code !== 0) throw new Error(`sandbox up in ${dir} failed:\n${up.out.slice(-2000)}${up.err.slice(-2000)}`);
  return true;
}

const apiserverOf = (dir) => JSON.parse(sandbox(dir, ['env', '--json']).out).apiserverUrl;
const uidIn = (dir) => {
  const r = sandbox(dir, ['kubectl', '--', 'get', 'isvc', '-n', NS, NAME, '-o', 'jsonpath={.metadata.uid}']);
  return r.code === 0 ? r.out.trim() : undefined;
};

check('npm test uses a state folder of its own', userDir !== suiteDir, `yours ${userDir}, the suite's ${suiteDir}`);
const started = [];
let made = false;
try {
  if (ensureUp(userDir, 'your')) started.push(userDir);
  let uid = uidIn(userDir);
  if (!uid) {
    const isvc = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: NAME, namespace: NS, labels: { 'servedeck.dev/made-by': 'check-test-isolation' } },
      spec: {
        predictor: {
          sklearn: { protocolVersion: 'v2', storageUri: 'gs://seldon-models/sklearn/iris' },
        },
      },
    };
    const r = sandbox(userDir, ['kubectl', '--', 'create', '-f', '-'], JSON.stringify(isvc));
    if (r.code !== 0) throw new Error(`kubectl create in your sandbox failed: ${r.err}`);
    made = true;
    uid = uidIn(userDir);
  }
  check(`your sandbox has ${NS}/${NAME}`, Boolean(uid), `uid ${uid}`);
  if (ensureUp(suiteDir, "the suite's")) started.push(suiteDir);
  const suiteUid = uidIn(suiteDir);
  check(
    `the suite's sandbox does not see it`,
    suiteUid !== uid,
    suiteUid ? `it has its own (uid ${suiteUid})` : 'not found',
  );
  const [a, b] = [apiserverOf(userDir), apiserverOf(suiteDir)];
  check('the two sandboxes have different apiservers', a !== b, `${a} / ${b}`);
} catch (err) {
  check('setup', false, err instanceof Error ? err.message : String(err));
} finally {
  if (made) sandbox(userDir, ['kubectl', '--', 'delete', 'isvc', '-n', NS, NAME, '--wait=false']);
  for (const dir of started) {
    log(`stopping the sandbox this script started (${dir})`);
    sandbox(dir, ['down']);
  }
}
const failed = results.filter((ok) => !ok).length;
process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
