import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeName } from '../../src/controller/names';
import { podAddress } from '../../src/controller/pod-ip';
import { sharedDir } from '../../src/paths';
import { cli, kubectl, kubectlJson } from '../integration/real-sandbox';

const ns = 'kubeflow-user-example-com';
let gatewayUrl = '';
let token = '';
let startedHere = false;
const names = ['sklearn-iris', 'iris-pvc', 'crashing'];

async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const condition = z.object({ type: z.string(), status: z.string(), reason: z.string().optional() });
const isvcSchema = z.looseObject({
  status: z
    .looseObject({
      url: z.string().optional(),
      conditions: z.array(condition).optional(),
      modelStatus: z.looseObject({}).optional(),
    })
    .optional(),
});
const containerStatus = z.looseObject({
  name: z.string(),
  ready: z.boolean(),
  restartCount: z.number(),
  state: z.looseObject({ waiting: z.looseObject({ reason: z.string() }).optional() }).optional(),
});
const podList = z.object({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({ name: z.string(), uid: z.string() }),
      spec: z.looseObject({ nodeName: z.string().optional() }),
      status: z
        .looseObject({ podIP: z.string().optional(), containerStatuses: z.array(containerStatus).optional() })
        .optional(),
    }),
  ),
});

function pods(isvc: string) {
  return (
    kubectlJson(['get', 'pods', '-n', ns, '-l', `serving.kserve.io/inferenceservice=${isvc}`], podList)?.items ?? []
  );
}

function readyOf(isvc: string): string | undefined {
  return kubectlJson(['get', 'isvc', '-n', ns, isvc], isvcSchema)?.status?.conditions?.find((c) => c.type === 'Ready')
    ?.status;
}

/** PIDs running in the pod's folder (the kubelet runs each container in `pods/<uid>/work/<name>`). */
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

function apply(name: string, predictor: string): void {
  const yaml = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  predictor:
${predictor}`;
  const r = kubectl(['apply', '-f', '-'], yaml);
  expect(r.code, r.out).toBe(0);
}

function postVia(host: string, path: string, body: string, auth: boolean) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const u = new URL(gatewayUrl);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          ...(auth ? { authorization: `Bearer ${token}` } : {}),
        },
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
    req.end(body);
  });
}

beforeAll(() => {
  startedHere = cli(['status']).code !== 0;
  const up = cli(['up'], 40 * 60_000, true);
  if (up.code !== 0) throw new Error(`sandbox up (real) failed (exit ${up.code})`);
  gatewayUrl = z.object({ gatewayUrl: z.string() }).parse(JSON.parse(cli(['env', '--json']).out)).gatewayUrl;
  token = cli(['token', 'user@example.com']).out.trim().split('\n').at(-1) ?? '';
  expect(token.split('.')).toHaveLength(3);
  for (const n of names) kubectl(['delete', 'isvc', '-n', ns, n, '--ignore-not-found']);
}, 45 * 60_000);

afterAll(() => {
  for (const n of names) kubectl(['delete', 'isvc', '-n', ns, n, '--ignore-not-found', '--wait=false']);
  if (startedHere) process.stdout.write(cli(['down'], 120_000).out);
});

describe('the sandbox node under real KServe', () => {
  it("serves the seed: Ready with KServe's status, [1, 1] through the gateway with a Dex token only", async () => {
    apply(
      'sklearn-iris',
      `    sklearn:
      protocolVersion: v2
      storageUri: gs://seldon-models/sklearn/iris`,
    );
    await waitFor('sklearn-iris Ready', () => readyOf('sklearn-iris') === 'True', 240_000);
    const isvc = kubectlJson(['get', 'isvc', '-n', ns, 'sklearn-iris'], isvcSchema);
    const types = (isvc?.status?.conditions ?? []).map((c) => c.type);
    expect(types).toEqual(expect.arrayContaining(['IngressReady', 'PredictorReady', 'Ready']));
    const [pod] = pods('sklearn-iris');
    expect(pod?.spec.nodeName).toBe(nodeName);
    expect(pod?.status?.podIP).toBe(podAddress()); // not 127.0.0.1: EndpointSlices refuse loopback addresses
    const slices = kubectl([
      'get',
      'endpointslices',
      '-n',
      ns,
      '-l',
      'kubernetes.io/service-name=sklearn-iris-predictor',
      '-o',
      'jsonpath={.items[*].endpoints[*].targetRef.name}',
    ]);
    expect(slices.out).toContain(pod?.metadata.name);
    expect(pod?.status?.containerStatuses?.[0]).toMatchObject({ name: 'kserve-container', ready: true });
    const url = isvc?.status?.url ?? '';
    const host = new URL(url).hostname;
    const body = readFileSync(join(sharedDir(), 'kserve', 'samples', 'v1beta1_sklearn_v2_iris-input.json'), 'utf8');
    const ok = await waitFor(
      'an answer through the gateway',
      async () => {
        const r = await postVia(host, '/v2/models/sklearn-iris/infer', body, true);
        return r.status === 200 ? r : undefined;
      },
      60_000,
    );
    expect(JSON.parse(ok.body).outputs[0].data).toEqual([1, 1]);
    expect((await postVia(host, '/v2/models/sklearn-iris/infer', body, false)).status).toBe(401);
  }, 300_000);

  it('serves pvc:// from the claim KServe mounts at /mnt/models (subPath, no init container)', async () => {
    apply(
      'iris-pvc',
      `    sklearn:
      storageUri: pvc://kserve-models/sklearn/iris`,
    );
    await waitFor('iris-pvc Ready', () => readyOf('iris-pvc') === 'True', 240_000);
    const body = readFileSync(join(sharedDir(), 'kserve', 'samples', 'v1beta1_sklearn_v1_iris-input.json'), 'utf8');
    const r = await postVia(`iris-pvc-${ns}.example.com`, '/v1/models/iris-pvc:predict', body, true);
    expect(r.status, r.body).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ predictions: [1, 1] });
  }, 300_000);

  it('shows CrashLoopBackOff for a model server that cannot load its model', async () => {
    // the sklearn server finds no .joblib in the xgboost model folder and exits
    apply(
      'crashing',
      `    sklearn:
      storageUri: gs://kfserving-examples/models/xgboost/iris`,
    );
    const cs = await waitFor(
      'CrashLoopBackOff',
      () =>
        pods('crashing')[0]?.status?.containerStatuses?.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff'),
      240_000,
    );
    expect(cs.ready).toBe(false);
    expect(readyOf('crashing')).not.toBe('True');
  }, 300_000);

  it("deleting the InferenceService stops its pod's processes and the pods go", async () => {
    const [pod] = pods('sklearn-iris');
    if (!pod) throw new Error('no sklearn-iris pod');
    expect(podPids(pod.metadata.uid).length).toBeGreaterThan(0);
    const r = kubectl(['delete', 'isvc', '-n', ns, 'sklearn-iris', '--timeout=120s']);
    expect(r.code, r.out).toBe(0);
    await waitFor('no pods', () => pods('sklearn-iris').length === 0, 120_000);
    await waitFor('no processes', () => podPids(pod.metadata.uid).length === 0, 60_000);
  }, 200_000);
});
