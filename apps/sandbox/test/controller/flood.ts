/**
 * Measurement, not a test: floods the running sandbox's KServe controller manager with InferenceServices and
 * reports how long it takes to reconcile them all, and how long a seed sklearn-iris created right after the
 * flood takes to become Ready. The flood objects have a custom container (no runtime, no storage URI), so the
 * control plane does all its API work (finalizer, Deployment, ReplicaSet, Pod, Service, status) and the
 * kubelet reports ImagePullBackOff without starting a process. (The numbers in docs/sandbox.md were measured
 * against the imitation, before issue 14.)
 *
 *   cd apps/sandbox && SERVEDECK_SANDBOX_DIR=... node --import tsx test/controller/flood.ts [--count 1000]
 *     [--namespaces 4] [--timeout-min 30] [--cleanup]
 *
 * `--cleanup` deletes the flood InferenceServices (the garbage collector removes what they own) and waits
 * until they are gone; the namespaces stay.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { nsPath, TypedKube } from '../../src/controller/typed-kube';
import { stateDirPath } from '../../src/paths';

type Isvc = {
  metadata: { name: string; namespace?: string; generation?: number };
  status?: { observedGeneration?: number; conditions?: { type: string; status: string }[] };
};

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    namespaces: { type: 'string', default: '4' },
    'timeout-min': { type: 'string', default: '30' },
    cleanup: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const nsCount = Number(values.namespaces);
const timeoutMs = Number(values['timeout-min']) * 60_000;
const namespaces = Array.from({ length: nsCount }, (_, i) => `flood-${i}`);
const seedNs = 'kubeflow-user-example-com';
const group = 'serving.kserve.io';

const kc = new KubeConfig();
kc.loadFromFile(join(stateDirPath(), 'kubeconfig'));
const client = new TypedKube(kc);
const t0 = Date.now();
const secs = (t: number) => Number(((t - t0) / 1000).toFixed(1));
const say = (msg: string) => process.stdout.write(`[${secs(Date.now())} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

async function list(ns: string): Promise<Isvc[]> {
  const r = await client.get<{ items: Isvc[] }>(nsPath(group, 'v1beta1', ns, 'inferenceservices'));
  if (!r.ok) throw new Error(`list ${ns}: ${r.message}`);
  return r.body.items;
}

const reconciled = (o: Isvc) =>
  o.status?.observedGeneration === (o.metadata.generation ?? 1) && (o.status?.conditions?.length ?? 0) > 0;

function floodIsvc(ns: string, name: string) {
  return {
    apiVersion: `${group}/v1beta1`,
    kind: 'InferenceService',
    metadata: { name, namespace: ns, labels: { 'servedeck.dev/flood': 'true' } },
    spec: { predictor: { containers: [{ name: 'kserve-container', image: 'example.invalid/flood:1' }] } },
  };
}

async function cleanup(): Promise<void> {
  for (const ns of [...namespaces]) {
    await client.delete(`${nsPath(group, 'v1beta1', ns, 'inferenceservices')}?labelSelector=servedeck.dev%2Fflood`);
  }
  await client.delete(nsPath(group, 'v1beta1', seedNs, 'inferenceservices', 'flood-sklearn-iris'));
  for (;;) {
    let left = 0;
    for (const ns of namespaces) left += (await list(ns).catch(() => [])).length;
    const seed = await client.get(nsPath(group, 'v1beta1', seedNs, 'inferenceservices', 'flood-sklearn-iris'));
    say(`cleanup: ${left} flood InferenceServices left${seed.ok ? ', seed still there' : ''}`);
    if (left === 0 && !seed.ok) return;
    if (Date.now() - t0 > timeoutMs) throw new Error('cleanup timed out');
    await sleep(5000);
  }
}

async function flood(): Promise<void> {
  for (const ns of namespaces) {
    const r = await client.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    if (!r.ok && r.status !== 409) throw new Error(`namespace ${ns}: ${r.message}`);
  }
  const items = Array.from({ length: count }, (_, i) => ({ ns: namespaces[i % nsCount] ?? 'flood-0', name: `f-${i}` }));
  const start = Date.now();
  say(`creating ${count} InferenceServices in ${nsCount} namespaces`);
  await pool(items, 8, async ({ ns, name }) => {
    const r = await client.create(nsPath(group, 'v1beta1', ns, 'inferenceservices'), floodIsvc(ns, name));
    if (!r.ok && r.status !== 409) throw new Error(`create ${ns}/${name}: ${r.message}`);
  });
  const created = Date.now();
  say(`created ${count} in ${((created - start) / 1000).toFixed(1)} s; creating the seed sklearn-iris`);
  const seed = await client.create(nsPath(group, 'v1beta1', seedNs, 'inferenceservices'), {
    apiVersion: `${group}/v1beta1`,
    kind: 'InferenceService',
    metadata: { name: 'flood-sklearn-iris', namespace: seedNs },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          protocolVersion: 'v2',
          storageUri: 'gs://seldon-models/sklearn/iris',
        },
      },
    },
  });
  if (!seed.ok) throw new Error(`seed: ${seed.message}`);
  const seedAt = Date.now();
  let seedReadyAfter: number | undefined;
  let allAfter: number | undefined;
  let firstAllAt = 0;
  while (Date.now() - start < timeoutMs) {
    let done = 0;
    for (const ns of namespaces) done += (await list(ns)).filter(reconciled).length;
    const s = await client.get<Isvc>(nsPath(group, 'v1beta1', seedNs, 'inferenceservices', 'flood-sklearn-iris'));
    const ready = s.ok && s.body.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (ready && seedReadyAfter === undefined) seedReadyAfter = (Date.now() - seedAt) / 1000;
    if (done === count && allAfter === undefined) {
      allAfter = (Date.now() - start) / 1000;
      firstAllAt = Date.now();
    }
    say(`${done}/${count} reconciled; seed ${ready ? 'Ready' : 'not Ready'}`);
    if (allAfter !== undefined && seedReadyAfter !== undefined) break;
    if (firstAllAt && Date.now() - firstAllAt > 180_000) break;
    await sleep(3000);
  }
  process.stdout.write(
    `${JSON.stringify({ count, namespaces: nsCount, createSeconds: (created - start) / 1000, allReconciledSeconds: allAfter ?? null, seedReadySeconds: seedReadyAfter ?? null })}\n`,
  );
}

(values.cleanup ? cleanup() : flood()).catch((err: unknown) => {
  process.stderr.write(`flood: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
