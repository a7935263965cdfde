/**
 * InferenceServices that really serve models, against the running sandbox (`up` in the integration
 * global setup): readiness, inference through the gateway with and without a Dex token, a broken storage
 * URI, a killed model server, `kubectl logs`, and deletion leaving nothing behind.
 * One file, just over 300 lines: these cases share one sandbox's set-up and run in order.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sharedDir } from '../../src/paths';
import { runCli } from '../integration/cli';

const ns = 'kubeflow-user-example-com';
const envSchema = z.looseObject({
  gatewayUrl: z.string(),
  ingressDomain: z.string(),
});
let env: z.infer<typeof envSchema>;
let token = '';

function kubectl(args: string[]): { code: number; out: string } {
  const r = runCli(['kubectl', '--', ...args], 60_000);
  return { code: r.code, out: r.stdout + r.stderr };
}

function podUid(pod: string): string {
  const uid = kubectl(['get', 'pod', '-n', ns, pod, '-o', 'jsonpath={.metadata.uid}']).out.trim();
  expect(uid).toMatch(/^[0-9a-f-]{36}$/);
  return uid;
}

/** PIDs whose working folder is in the pod's folder (the kubelet runs each container in `pods/<uid>/work/<name>`). */
function podPids(uid: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/cwd`).includes(`/pods/${uid}/work/`)) out.push(Number(d));
    } catch {
      /* gone or not ours */
    }
  }
  return out;
}

function applyYaml(yaml: string): void {
  const file = join(process.env.TMPDIR ?? '/tmp', `isvc-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
  execFileSync('sh', ['-c', `cat > ${file}`], { input: yaml });
  const r = kubectl(['apply', '-n', ns, '-f', file]);
  expect(r.code, r.out).toBe(0);
}

function isvcJson(name: string): { status?: Record<string, unknown> } | undefined {
  const r = kubectl(['get', 'isvc', '-n', ns, name, '-o', 'json']);
  return r.code === 0
    ? (JSON.parse(r.out.slice(r.out.indexOf('{'))) as { status?: Record<string, unknown> })
    : undefined;
}

function readyOf(name: string): string | undefined {
  const conds = (isvcJson(name)?.status?.conditions ?? []) as { type: string; status: string }[];
  return conds.find((c) => c.type === 'Ready')?.status;
}

async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function host(name: string): string {
  return `${name}-${ns}.${env.ingressDomain}`;
}

async function post(name: string, path: string, body: string, auth = true) {
  return fetchVia(name, path, { method: 'POST', body, headers: auth ? { authorization: `Bearer ${token}` } : {} });
}

/** Node's fetch ignores a Host override, so use http.request. */
function fetchVia(name: string, path: string, o: { method: string; body?: string; headers: Record<string, string> }) {
  return import('node:http').then(
    ({ request }) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(env.gatewayUrl);
        const req = request(
          {
            host: u.hostname,
            port: u.port,
            path,
            method: o.method,
            headers: { host: host(name), 'content-type': 'application/json', ...o.headers },
          },
          (res) => {
            let b = '';
            res.on('data', (c) => {
              b += c;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
          },
        );
        req.on('error', reject);
        if (o.body) req.write(o.body);
        req.end();
      }),
  );
}

const v2Input = () =>
  readFileSync(join(sharedDir(), 'kserve', 'samples', 'v1beta1_sklearn_v2_iris-input.json'), 'utf8');
const v1Input = () =>
  readFileSync(join(sharedDir(), 'kserve', 'samples', 'v1beta1_sklearn_v1_iris-input.json'), 'utf8');
const created: string[] = [];

function isvc(name: string, predictor: string): string {
  created.push(name);
  return `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  predictor:
${predictor}`;
}

beforeAll(() => {
  const e = runCli(['env', '--json']);
  env = envSchema.parse(JSON.parse(e.stdout));
  const t = runCli(['token', 'user@example.com']);
  token = t.stdout.trim().split('\n').at(-1) ?? '';
  expect(token.split('.')).toHaveLength(3);
});

afterAll(() => {
  for (const name of created) kubectl(['delete', 'isvc', '-n', ns, name, '--ignore-not-found', '--wait=false']);
});

describe('InferenceServices in the sandbox', () => {
  it('serves the seed sklearn-iris (V2, MLServer) within 90 s, with a token only', async () => {
    applyYaml(
      isvc(
        'sklearn-iris',
        `    model:
      modelFormat: {name: sklearn}
      protocolVersion: v2
      storageUri: gs://seldon-models/sklearn/iris`,
      ),
    );
    await waitFor('sklearn-iris Ready', () => readyOf('sklearn-iris') === 'True', 90_000);
    const status = isvcJson('sklearn-iris')?.status ?? {};
    expect(status.url).toBe(`http://${host('sklearn-iris')}`);
    expect(status.address).toEqual({ url: `http://sklearn-iris-predictor.${ns}.svc.cluster.local` });
    const ok = await post('sklearn-iris', '/v2/models/sklearn-iris/infer', v2Input());
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).outputs[0].data).toEqual([1, 1]);
    const anon = await post('sklearn-iris', '/v2/models/sklearn-iris/infer', v2Input(), false);
    expect(anon.status).toBe(401);
  }, 120_000);

  it('answers the V1 sklearn sample and serves lightgbm and xgboost (legacy framework form)', async () => {
    applyYaml(isvc('sklearn-v1', '    sklearn:\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model'));
    applyYaml(isvc('lightgbm-iris', '    lightgbm:\n      storageUri: gs://kfserving-examples/models/lightgbm/iris'));
    applyYaml(isvc('xgboost-iris', '    xgboost:\n      storageUri: gs://kfserving-examples/models/xgboost/iris'));
    for (const n of ['sklearn-v1', 'lightgbm-iris', 'xgboost-iris']) {
      await waitFor(`${n} Ready`, () => readyOf(n) === 'True', 120_000);
    }
    const r = await post('sklearn-v1', '/v1/models/sklearn-v1:predict', v1Input());
    expect(JSON.parse(r.body)).toEqual({ predictions: [1, 1] });
    for (const n of ['lightgbm-iris', 'xgboost-iris']) {
      const p = await post(n, `/v1/models/${n}:predict`, JSON.stringify({ instances: [[6.8, 2.8, 4.8, 1.4]] }));
      expect(p.status, p.body).toBe(200);
    }
  }, 400_000);

  it('reports an unusable storage URI as KServe does: an InternalError event, no Deployment and no pod', async () => {
    applyYaml(
      isvc('bad-storage', '    model:\n      modelFormat: {name: sklearn}\n      storageUri: ftp://nowhere/model'),
    );
    // Real KServe refuses the URI in its reconcile: an InternalError event, no Deployment and no pod.
    const eventList = z.object({
      items: z.array(z.looseObject({ type: z.string(), reason: z.string(), message: z.string() })),
    });
    const ev = await waitFor(
      'the InternalError event',
      () => {
        const r = kubectl([
          'get',
          'events',
          '-n',
          ns,
          '--field-selector',
          'involvedObject.kind=InferenceService,involvedObject.name=bad-storage,reason=InternalError',
          '-o',
          'json',
        ]);
        return r.code === 0 ? eventList.parse(JSON.parse(r.out.slice(r.out.indexOf('{')))).items[0] : undefined;
      },
      90_000,
    );
    expect(ev.type).toBe('Warning');
    expect(ev.message).toContain('StorageURI not supported');
    expect(ev.message).toContain('StorageUri [ftp://nowhere/model] is not supported');
    const owned = kubectl([
      'get',
      'deploy,pods',
      '-n',
      ns,
      '-l',
      'serving.kserve.io/inferenceservice=bad-storage',
      '-o',
      'name',
    ]);
    expect(owned.out.trim()).toBe('');
    expect(readyOf('bad-storage')).not.toBe('True');
  }, 120_000);

  it('restarts a killed model server with CrashLoopBackOff and recovers; kubectl logs --previous works', async () => {
    const podName = () =>
      kubectl([
        'get',
        'pods',
        '-n',
        ns,
        '-l',
        'serving.kserve.io/inferenceservice=sklearn-iris',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ]).out.trim();
    await waitFor('sklearn-iris Ready', () => readyOf('sklearn-iris') === 'True', 90_000);
    const pod = podName();
    const pids = podPids(podUid(pod));
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await waitFor(
      'restart',
      () =>
        kubectl([
          'get',
          'pod',
          '-n',
          ns,
          pod,
          '-o',
          'jsonpath={.status.containerStatuses[0].restartCount}',
        ]).out.trim() === '1',
      60_000,
    );
    const last = kubectl([
      'get',
      'pod',
      '-n',
      ns,
      pod,
      '-o',
      'jsonpath={.status.containerStatuses[0].lastState.terminated.reason}',
    ]);
    expect(last.out.trim()).toBe('Error');
    await waitFor('recovery', () => readyOf('sklearn-iris') === 'True', 60_000);
    const prev = kubectl(['logs', '-n', ns, pod, '--previous', '--tail=50']);
    expect(prev.code, prev.out).toBe(0);
    expect(prev.out.length).toBeGreaterThan(0);
  }, 180_000);

  it('deletes everything an InferenceService owned, processes included', async () => {
    const pod = kubectl([
      'get',
      'pods',
      '-n',
      ns,
      '-l',
      'serving.kserve.io/inferenceservice=lightgbm-iris',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]).out.trim();
    const uid = podUid(pod);
    expect(podPids(uid).length).toBeGreaterThan(0);
    kubectl(['delete', 'isvc', '-n', ns, 'lightgbm-iris', '--timeout=60s']);
    // Real mode: kube-controller-manager's garbage collector removes them after the delete returns.
    await waitFor(
      'no Deployment, ReplicaSet, pod or Service',
      () =>
        kubectl([
          'get',
          'deploy,rs,pods,svc',
          '-n',
          ns,
          '-l',
          'serving.kserve.io/inferenceservice=lightgbm-iris',
          '-o',
          'name',
        ]).out.trim() === '',
      120_000,
    );
    await waitFor('no processes', () => podPids(uid).length === 0, 60_000);
  }, 240_000);
});
