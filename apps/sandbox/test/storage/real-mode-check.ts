/**
 * A by-hand check against a running sandbox: KServe's own pod mutator decides what the
 * storage-initializer gets, and the sandbox's storage serves it.
 *
 *   SERVEDECK_SANDBOX_DIR=... npm run sandbox -- up
 *   cd apps/sandbox && SERVEDECK_SANDBOX_DIR=... node --import tsx test/storage/real-mode-check.ts
 *
 * Creates three InferenceServices in kubeflow-user-example-com (the seed's gs:// model, s3:// with
 * `serviceAccountName: servedeck-s3`, pvc://kserve-models/sklearn/iris), waits for KServe's pods, then:
 * for gs:// and s3:// runs `runStorageInitializer` with the init container's args and env exactly as
 * KServe wrote them (secretKeyRefs resolved like a kubelet) and lists what landed in /mnt/models; for
 * pvc:// maps the pod's PVC volume through the bound PV with `pvcHostFolder`. Deletes them afterwards.
 * Prints one JSON line per case; exit 1 when a case fails.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { apiserverUrl } from '../../src/components';
import { context, requireState } from '../../src/context';
import { sleep } from '../../src/health';
import { KubeRest } from '../../src/kube';
import { modelsClaimName, pvcHostFolder, runStorageInitializer, s3CredentialsName } from '../../src/storage';

const ns = 'kubeflow-user-example-com';
const cases = [
  { name: 'storage-check-gs', storageUri: 'gs://seldon-models/sklearn/iris' },
  { name: 'storage-check-s3', storageUri: 's3://seldon-models/sklearn/iris', serviceAccountName: s3CredentialsName },
  { name: 'storage-check-pvc', storageUri: `pvc://${modelsClaimName}/sklearn/iris` },
];

const envVar = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.object({ secretKeyRef: z.object({ name: z.string(), key: z.string() }).optional() }).optional(),
});
const container = z.object({
  name: z.string(),
  args: z.array(z.string()).optional(),
  env: z.array(envVar).optional(),
  volumeMounts: z
    .array(z.object({ name: z.string(), mountPath: z.string(), subPath: z.string().optional() }))
    .optional(),
});
const podList = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      spec: z.object({
        initContainers: z.array(container).optional(),
        containers: z.array(container),
        volumes: z.array(
          z.object({ name: z.string(), persistentVolumeClaim: z.object({ claimName: z.string() }).optional() }),
        ),
        serviceAccountName: z.string().optional(),
      }),
    }),
  ),
});
type Pod = z.infer<typeof podList>['items'][number];

async function podOf(kube: KubeRest, isvc: string): Promise<Pod> {
  const until = Date.now() + 180_000;
  for (;;) {
    const r = await kube.call(
      'GET',
      `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`serving.kserve.io/inferenceservice=${isvc}`)}`,
    );
    const pods = podList.safeParse(r.body);
    const pod = pods.success ? pods.data.items[0] : undefined;
    if (pod) return pod;
    if (Date.now() > until) throw new Error(`no pod for ${isvc} after 180 s: ${JSON.stringify(r.body).slice(0, 500)}`);
    await sleep(1000);
  }
}

async function resolvedEnv(kube: KubeRest, vars: z.infer<typeof envVar>[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const v of vars) {
    const ref = v.valueFrom?.secretKeyRef;
    if (ref) {
      const s = await kube.call('GET', `/api/v1/namespaces/${ns}/secrets/${ref.name}`);
      const data = z.object({ data: z.record(z.string(), z.string()) }).parse(s.body).data;
      out[v.name] = Buffer.from(data[ref.key] ?? '', 'base64').toString('utf8');
    } else if (v.value !== undefined) out[v.name] = v.value;
  }
  return out;
}

async function main(): Promise<number> {
  const ctx = context();
  const state = requireState(ctx);
  const kube = KubeRest.admin(apiserverUrl(state), ctx.l.pki);
  let failed = 0;
  try {
    for (const c of cases) {
      const predictor = {
        ...(c.serviceAccountName ? { serviceAccountName: c.serviceAccountName } : {}),
        model: { modelFormat: { name: 'sklearn' }, storageUri: c.storageUri },
      };
      const r = await kube.apply({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: c.name, namespace: ns },
        spec: { predictor },
      });
      if (r.status >= 300) throw new Error(`creating ${c.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    }
    for (const c of cases) {
      const pod = await podOf(kube, c.name);
      const init = pod.spec.initContainers?.find((x) => x.name === 'storage-initializer');
      if (c.storageUri.startsWith('pvc://')) {
        const main = pod.spec.containers.find((x) => x.name === 'kserve-container');
        const mount = main?.volumeMounts?.find((m) => m.mountPath === '/mnt/models');
        const claim = pod.spec.volumes.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
        const pvc = await kube.call('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claim}`);
        const pvName = z.object({ spec: z.object({ volumeName: z.string() }) }).safeParse(pvc.body);
        const pv = pvName.success
          ? await kube.call('GET', `/api/v1/persistentvolumes/${pvName.data.spec.volumeName}`)
          : undefined;
        const folder = pvcHostFolder(pvc.body, pv?.body, mount?.subPath);
        const phase = z.object({ status: z.object({ phase: z.string() }) }).safeParse(pvc.body);
        const ok = !init && folder.ok && readdirSync(folder.path).includes('model.joblib');
        if (!ok) failed++;
        console.log(
          JSON.stringify({
            case: c.name,
            ok,
            initContainer: init !== undefined,
            claim,
            subPath: mount?.subPath,
            pvcPhase: phase.success ? phase.data.status.phase : undefined,
            folder,
            files: folder.ok ? readdirSync(folder.path) : [],
          }),
        );
        continue;
      }
      if (!init) throw new Error(`${c.name}: KServe added no storage-initializer`);
      const env = await resolvedEnv(kube, init.env ?? []);
      const mountDir = mkdtempSync(join(tmpdir(), `${c.name}-`));
      const t0 = Date.now();
      const result = await runStorageInitializer({
        args: init.args ?? [],
        env,
        mountDir,
        stateDir: ctx.l.stateDir,
        cacheDir: ctx.cache,
      });
      const files = readdirSync(mountDir);
      const ok = result.exitCode === 0 && files.includes('model.joblib');
      if (!ok) failed++;
      const shown = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, /SECRET|KEY_ID/.test(k) ? `<${v.length} chars>` : v]),
      );
      console.log(
        JSON.stringify({ case: c.name, ok, args: init.args, env: shown, result, files, ms: Date.now() - t0 }),
      );
    }
  } finally {
    for (const c of cases) {
      await kube.call('DELETE', `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices/${c.name}`);
    }
    await kube.close();
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
