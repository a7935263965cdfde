/**
 * A private sandbox (its own SERVEDECK_SANDBOX_DIR, next to whatever else runs): the KServe controller manager
 * v0.20.0 with its webhooks, kube-controller-manager and kube-scheduler answer for an InferenceService. A cold
 * machine builds KServe here (~10 min, see docs/sandbox.md).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dexIssuer } from '../../src/config/dex';
import { nodeName } from '../../src/controller/names';
import { passwordGrant } from '../../src/dex-token';
import { sleep } from '../../src/health';
import { KubeRest } from '../../src/kube';
import { layout, repoRoot, sandboxDir } from '../../src/paths';
import { readState } from '../../src/state';
import { findUser } from '../../src/users';
import { clientId } from '../../src/versions';

const dir = join(repoRoot, '.sandbox-itest-real');
const env = { ...process.env, SERVEDECK_SANDBOX_DIR: dir };
const ns = 'kubeflow-user-example-com';
const name = 'sklearn-iris';
const isvcs = `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices`;

function cli(args: string[], timeoutMs: number, inherit = false) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: sandboxDir,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: inherit ? 'inherit' : 'pipe',
  });
}

let admin: KubeRest;
let user: KubeRest;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

const list = z.object({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({
        name: z.string(),
        ownerReferences: z.array(z.object({ kind: z.string(), name: z.string() })).optional(),
      }),
      spec: z.looseObject({ nodeName: z.string().optional() }).optional(),
    }),
  ),
});

async function names(path: string, selector = `serving.kserve.io/inferenceservice=${name}`): Promise<string[]> {
  const r = await admin.call('GET', `${path}?labelSelector=${encodeURIComponent(selector)}`);
  return r.status === 200 ? list.parse(r.body).items.map((i) => i.metadata.name) : [];
}

const isvcStatus = z.object({
  status: z
    .looseObject({
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).optional(),
      modelStatus: z.looseObject({ states: z.looseObject({ activeModelState: z.string() }).optional() }).optional(),
    })
    .optional(),
});

const statusBody = z.object({ kind: z.literal('Status'), code: z.number(), message: z.string() });

beforeAll(async () => {
  const up = cli(['up'], 40 * 60_000, true);
  if (up.status !== 0) throw new Error(`sandbox up (real) failed (exit ${up.status ?? up.signal})`);
  const l = layout(dir);
  const state = readState(l.stateFile);
  if (!state) throw new Error('no state after up');
  const server = `https://127.0.0.1:${state.ports.apiserver}`;
  admin = KubeRest.admin(server, l.pki);
  const caPem = readFileSync(l.pki.caCert, 'utf8');
  const u = findUser('user@example.com');
  if (!u) throw new Error('no sandbox user');
  const tok = await passwordGrant({
    issuer: dexIssuer(state.ports.dex),
    caPem,
    clientId,
    clientSecret: state.clientSecret,
    username: u.email,
    password: u.password,
  });
  if (!tok.ok) throw new Error(tok.error);
  user = KubeRest.asUser(server, caPem, tok.value.id_token);
  // A previous run's object (an interrupted run) would make the create below a 409.
  await admin.call('DELETE', `${isvcs}/${name}`);
  await waitFor(
    'no leftover InferenceService',
    async () => {
      const r = await admin.call('GET', `${isvcs}/${name}`);
      return r.status === 404 ? true : undefined;
    },
    60_000,
  );
}, 45 * 60_000);

afterAll(async () => {
  await user?.close();
  await admin?.close();
  const down = cli(['down'], 120_000);
  process.stdout.write(down.stdout ?? '');
});

describe('sandbox in real KServe mode', () => {
  it('runs and reports the real control plane', () => {
    const st = cli(['status'], 60_000);
    expect(st.status, st.stdout).toBe(0);
    expect(st.stdout).toContain('KServe: real');
    for (const c of ['kube-controller-manager', 'kube-scheduler', 'kserve-controller', 'llmisvc-controller']) {
      expect(st.stdout).toMatch(new RegExp(`${c}\\s+\\d+\\s+\\d+\\s+healthy`));
    }
    const e = cli(['env', '--json'], 60_000);
    expect(JSON.parse(e.stdout)).toMatchObject({ kserveMode: 'real' });
  });

  it("refuses the seed's verbatim typo (ProtocolVersion) with the apiserver's own message", async () => {
    const typo = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name },
      spec: {
        predictor: { sklearn: { ProtocolVersion: 'v2', storageUri: 'gs://seldon-models/sklearn/iris' } },
      },
    };
    const r = await user.call('POST', `${isvcs}?fieldValidation=Strict&dryRun=All`, typo);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(statusBody.parse(r.body).message).toMatch(/unknown field "spec\.predictor\.sklearn\.ProtocolVersion"/);
  });

  it("refuses two predictor frameworks at once with KServe's validating webhook message", async () => {
    const two = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'two-frameworks' },
      spec: {
        predictor: {
          sklearn: { storageUri: 'gs://seldon-models/sklearn/iris' },
          xgboost: { storageUri: 'gs://kfserving-examples/models/xgboost/iris' },
        },
      },
    };
    const r = await user.call('POST', `${isvcs}?dryRun=All`, two);
    // The apiserver answers a webhook's denial 403 Forbidden, with the webhook's name and reason.
    expect(r.status).toBe(403);
    const { message } = statusBody.parse(r.body);
    expect(message).toContain(
      'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request',
    );
    expect(message).toMatch(/exactly one of \[.*\] must be specified in PredictorSpec/);
  });

  it("gets the seed's Deployment, Service, HPA, a scheduled pod and Ready from KServe and Kubernetes; GC removes them", async () => {
    const seed = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name },
      spec: { predictor: { sklearn: { protocolVersion: 'v2', storageUri: 'gs://seldon-models/sklearn/iris' } } },
    };
    const created = await user.call('POST', isvcs, seed);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // KServe's defaulter moved the legacy framework into the model form.
    expect(created.body).toMatchObject({
      spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, protocolVersion: 'v2' } } },
    });

    const component = `${name}-predictor`;
    await waitFor(
      'Deployment',
      async () => ((await names(`/apis/apps/v1/namespaces/${ns}/deployments`)).includes(component) ? true : undefined),
      120_000,
    );
    const deploy = await admin.call('GET', `/apis/apps/v1/namespaces/${ns}/deployments/${component}`);
    expect(deploy.body).toMatchObject({
      metadata: { ownerReferences: [expect.objectContaining({ kind: 'InferenceService', name, controller: true })] },
    });
    expect((await admin.call('GET', `/api/v1/namespaces/${ns}/services/${component}`)).status).toBe(200);
    expect(
      (await admin.call('GET', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/${component}`)).status,
    ).toBe(200);

    // kube-controller-manager's ReplicaSet, the scheduler's binding, KServe's pod mutator's storage initializer.
    const pod = await waitFor(
      'a pod bound to the node',
      async () => {
        const r = await admin.call(
          'GET',
          `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`serving.kserve.io/inferenceservice=${name}`)}`,
        );
        const p = z
          .object({ items: z.array(z.looseObject({ spec: z.looseObject({ nodeName: z.string().optional() }) })) })
          .parse(r.body).items[0];
        return p?.spec.nodeName ? p : undefined;
      },
      120_000,
    );
    expect(pod.spec.nodeName).toBe(nodeName);
    expect(pod).toMatchObject({
      spec: {
        serviceAccountName: 'default',
        initContainers: [
          expect.objectContaining({
            name: 'storage-initializer',
            args: ['gs://seldon-models/sklearn/iris', '/mnt/models'],
          }),
        ],
      },
    });
    expect((await names(`/apis/apps/v1/namespaces/${ns}/replicasets`)).length).toBe(1);

    // The kubelet runs it; KServe writes its real status from the Deployment and the pod.
    const ready = await waitFor(
      'Ready=True and the model Loaded',
      async () => {
        const r = await user.call('GET', `${isvcs}/${name}`);
        const st = isvcStatus.parse(r.body).status;
        const isReady = st?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        // KServe may write Ready a reconcile before the pod's model state.
        return isReady && st?.modelStatus?.states?.activeModelState === 'Loaded' ? st : undefined;
      },
      180_000,
    );
    expect(ready).toMatchObject({
      deploymentMode: 'Standard',
      clusterServingRuntimeName: 'kserve-mlserver',
      url: `http://${name}-${ns}.example.com`,
      address: { url: `http://${name}-predictor.${ns}.svc.cluster.local` },
      modelStatus: { states: { activeModelState: 'Loaded' } },
    });
    expect(ready.conditions?.map((c) => c.type).sort()).toEqual(['IngressReady', 'PredictorReady', 'Ready', 'Stopped']);

    const del = await user.call('DELETE', `${isvcs}/${name}`);
    expect(del.status).toBeLessThan(300);
    await waitFor(
      'the garbage collector removing Deployment, ReplicaSet and Pods',
      async () => {
        const left = [
          ...(await names(`/apis/apps/v1/namespaces/${ns}/deployments`)),
          ...(await names(`/apis/apps/v1/namespaces/${ns}/replicasets`)),
          ...(await names(`/api/v1/namespaces/${ns}/pods`)),
        ];
        return left.length === 0 ? true : undefined;
      },
      120_000,
    );
  }, 400_000);
});
