import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { KubeApi, KubeResult } from '../../src/controller/kube-client';
import { deploymentModeAnnotation, finalizerName, isvcLabel, podTemplateHashLabel } from '../../src/controller/names';
import { type Cache, Controller } from '../../src/controller/reconciler';

type Obj = KubernetesObject & { status?: Record<string, unknown> };
type Call = { method: string; path: string };

/** Merge patch (RFC 7386) as the apiserver applies it to a status. */
function merge(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** What the apiserver adds to a pod template's containers (so the stored template differs from the one written). */
function defaultContainers(o: Obj): void {
  const spec = (o as { spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } } }).spec;
  for (const c of spec?.template?.spec?.containers ?? []) {
    c.terminationMessagePath = '/dev/termination-log';
    c.imagePullPolicy = 'IfNotPresent';
  }
}

/** A custom resource as the apiserver serialises it: map keys sorted. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}

/** An apiserver in a Map (path → object) that records every request; PATCHes of `/status` merge the status. */
function fakeApi(onIsvcStatus: (path: string, status: unknown) => void) {
  const objects = new Map<string, Obj>();
  const calls: Call[] = [];
  let uid = 0;
  const ok = <T>(body: unknown, status = 200): KubeResult<T> => ({ ok: true, status, body: body as T });
  const notFound = <T>(): KubeResult<T> => ({ ok: false, status: 404, reason: 'NotFound', message: 'not found' });
  const api: KubeApi = {
    get: async <T>(path: string) => {
      calls.push({ method: 'GET', path });
      if (path.includes('?')) return ok<T>({ items: [] });
      const o = objects.get(path);
      return o ? ok<T>(structuredClone(o)) : notFound<T>();
    },
    create: async <T>(path: string, body: unknown) => {
      calls.push({ method: 'POST', path });
      const o = structuredClone(body) as Obj;
      uid += 1;
      o.metadata = { ...o.metadata, uid: `uid-${uid}`, generation: 1, resourceVersion: String(uid) };
      defaultContainers(o);
      objects.set(`${path}/${o.metadata.name}`, o);
      return ok<T>(structuredClone(o), 201);
    },
    replace: async <T>(path: string, body: unknown) => {
      calls.push({ method: 'PUT', path });
      const o = structuredClone(body) as Obj;
      defaultContainers(o);
      objects.set(path, o);
      return ok<T>(structuredClone(o));
    },
    mergePatch: async <T>(path: string, body: unknown) => {
      calls.push({ method: 'PATCH', path });
      const key = path.replace(/\/status$/, '');
      const o = objects.get(key);
      if (!o) return notFound<T>();
      const next = merge(o, body) as Obj;
      objects.set(key, next);
      return ok<T>(next);
    },
    jsonPatch: async <T>(path: string, ops: unknown[]) => {
      calls.push({ method: 'PATCH', path });
      const op = ops[0] as { value: unknown };
      onIsvcStatus(path, sortKeys(op.value));
      return ok<T>({});
    },
    delete: async (path: string) => {
      calls.push({ method: 'DELETE', path });
      return objects.delete(path) ? ok<unknown>({}) : notFound<unknown>();
    },
  };
  return { api, objects, calls };
}

function cache(objs: () => Obj[]): Cache {
  return {
    list: (ns?: string) => objs().filter((o) => ns === undefined || o.metadata?.namespace === ns),
    get: (name: string, ns?: string) =>
      objs().find((o) => o.metadata?.name === name && (ns === undefined || o.metadata?.namespace === ns)),
  };
}

function setup() {
  const isvc: Obj = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'web',
      namespace: 'team',
      uid: 'isvc-uid',
      generation: 1,
      resourceVersion: '1',
      finalizers: [finalizerName],
      annotations: { [deploymentModeAnnotation]: 'Standard' },
    },
    spec: { predictor: { containers: [{ name: 'kserve-container', image: 'example/web:1' }] } },
  } as Obj;
  const pods: V1Pod[] = [];
  // the status the controller writes comes back through the (here: synchronous) informer
  const fake = fakeApi((_path, status) => {
    isvc.status = structuredClone(status) as Record<string, unknown>;
  });
  const controller = new Controller({
    client: fake.api,
    events: { emit: async () => {} },
    domain: 'example.com',
    log: () => {},
    isvcs: cache(() => [isvc]),
    runtimes: cache(() => []),
    clusterRuntimes: cache(() => []),
    pods: cache(() => pods as Obj[]),
  });
  return { controller, fake, pods };
}

const statusPatches = (calls: Call[]) => calls.filter((c) => c.method === 'PATCH' && c.path.endsWith('/status'));

describe('controller status writes', () => {
  it('PATCHes no status when a resync finds nothing changed, and PATCHes the ones that changed', async () => {
    const { controller, fake, pods } = setup();
    await controller.reconcile('team', 'web');
    // first pass: the new ReplicaSet, Deployment and InferenceService all get a status
    expect(statusPatches(fake.calls).map((c) => c.path)).toEqual([
      expect.stringMatching(/\/apis\/apps\/v1\/namespaces\/team\/replicasets\/web-predictor-[^/]+\/status$/),
      '/apis/apps/v1/namespaces/team/deployments/web-predictor/status',
      '/apis/serving.kserve.io/v1beta1/namespaces/team/inferenceservices/web/status',
    ]);
    const podCreates = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/pods'));
    expect(podCreates).toHaveLength(1);

    // a resync with nothing new: no PATCH of any kind, and no GET/DELETE for the absent transformer and
    // explainer (found removed in the first pass): only the predictor's Deployment, ReplicaSet and Service
    fake.calls.length = 0;
    await controller.reconcile('team', 'web');
    expect(fake.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(fake.objects.get('/apis/apps/v1/namespaces/team/deployments/web-predictor')?.metadata?.generation).toBe(1);
    expect(fake.calls.map((c) => c.path.replace(/-predictor-[^/]+$/, '-predictor-HASH'))).toEqual([
      '/apis/apps/v1/namespaces/team/deployments/web-predictor',
      '/apis/apps/v1/namespaces/team/replicasets/web-predictor-HASH',
      '/api/v1/namespaces/team/services/web-predictor',
    ]);

    // the pod shows up Ready: the ReplicaSet, Deployment and InferenceService statuses change
    const rsKey = [...fake.objects.keys()].find((k) => k.includes('/replicasets/')) ?? '';
    const rs = fake.objects.get(rsKey);
    const hash = rs?.metadata?.labels?.[podTemplateHashLabel] ?? '';
    expect(hash).not.toBe('');
    pods.push({
      metadata: {
        name: `${rs?.metadata?.name}-abcde`,
        namespace: 'team',
        labels: { app: 'isvc.web-predictor', [isvcLabel]: 'web', component: 'predictor', [podTemplateHashLabel]: hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs?.metadata?.name ?? '', uid: 'x' }],
        creationTimestamp: new Date(),
      },
      spec: { containers: [{ name: 'kserve-container', image: 'example/web:1' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    fake.calls.length = 0;
    await controller.reconcile('team', 'web');
    expect(statusPatches(fake.calls).map((c) => c.path)).toEqual([
      `/apis/apps/v1/namespaces/team/replicasets/${rs?.metadata?.name}/status`,
      '/apis/apps/v1/namespaces/team/deployments/web-predictor/status',
      '/apis/serving.kserve.io/v1beta1/namespaces/team/inferenceservices/web/status',
    ]);
    expect(fake.objects.get(rsKey)?.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(fake.objects.get('/apis/apps/v1/namespaces/team/deployments/web-predictor')?.status).toMatchObject({
      readyReplicas: 1,
      availableReplicas: 1,
    });

    // and the resync after that is quiet again
    fake.calls.length = 0;
    await controller.reconcile('team', 'web');
    expect(fake.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
