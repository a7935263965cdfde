/**
 * The InferenceService controller (KServe Standard mode), plus the parts of the deployment and replicaset
 * controllers and of the garbage collector the sandbox needs: Deployment → ReplicaSet → Pods with rolling
 * updates, Services, status, events, the finalizer that cleans everything up.
 */
import type {
  KubernetesObject,
  ListWatch,
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
  V1Service,
} from '@kubernetes/client-node';
import type { EventRecorder, Involved } from './events';
import { type ComponentObservation, computeStatus, type DeploymentObservation } from './isvc-status';
import {
  type ComponentSpec,
  type ComponentType,
  type InferenceService,
  inferenceServiceSchema,
  type RuntimeRef,
  type ServingRuntimeObject,
  servingRuntimeSchema,
} from './kserve-types';
import { type KubeApi, nsPath } from './kube-client';

import {
  componentName,
  deploymentModeAnnotation,
  finalizerName,
  podTemplateHashLabel,
  randomSuffix,
  rawServiceLabel,
  revisionAnnotation,
  stableStringify,
  stopAnnotation,
} from './names';
import { needsNormalization, normalizeSpec } from './normalize';
import { deploymentFor, isvcKind, podFor, podTemplate, replicaSetFor, serviceFor, templateHashOf } from './objects';
import { selectRuntime } from './select-runtime';
import {
  type DeploymentStatusWrite,
  deploymentStatusChanged,
  type ReplicaSetStatusWrite,
  replicaSetStatusChanged,
} from './status-diff';
import { WorkQueue } from './work-queue';

const isvcSource = { component: 'v1beta1Controllers' };
const group = 'serving.kserve.io';

/** The read side of an informer the controller uses. */
export type Cache = Pick<ListWatch<KubernetesObject>, 'list' | 'get'>;

export type ControllerDeps = {
  client: KubeApi;
  events: Pick<EventRecorder, 'emit'>;
  domain: string;
  log: (msg: string) => void;
  isvcs: Cache;
  runtimes: Cache;
  clusterRuntimes: Cache;
  pods: Cache;
  /** Parallel reconciles (distinct InferenceServices). Default 4. */
  workers?: number;
  /** Watchdog per reconcile. Default 60 s. */
  reconcileTimeoutMs?: number;
};

type Resolved = {
  spec: ComponentSpec;
  runtime?: RuntimeRef;
  failure?: { reason: string; message: string; error: string };
};

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isPodReady(p: V1Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * InferenceServices annotated `sandbox.servedeck.dev/ignore: "true"` are left alone entirely (no finalizer,
 * status, pods or events): the benchmarks write thousands of them with statuses of their own.
 */
export const ignoreAnnotation = 'sandbox.servedeck.dev/ignore';
export function isIgnored(o: { metadata?: { annotations?: Record<string, string> } }): boolean {
  return o.metadata?.annotations?.[ignoreAnnotation] === 'true';
}

export class Controller {
  /** Keys `namespace/name` of InferenceServices; see work-queue.ts for dedupe, parallelism and fairness. */
  private readonly queue: WorkQueue;
  /** Pods created or deleted but not yet seen by the informer (replicaset-controller "expectations"). */
  private readonly expectCreate = new Map<string, number>();
  private readonly expectDelete = new Map<string, number>();
  private readonly lastError = new Map<string, string>();
  /**
   * Components (`ns/name/type`) this process found fully removed (nothing left to delete). The resync then
   * skips their removal instead of a GET and two DELETEs (404) per absent transformer/explainer each time;
   * `ensureComponent` forgets the mark. After a restart each removal runs once more.
   */
  private readonly removed = new Set<string>();

  constructor(private readonly d: ControllerDeps) {
    this.queue = new WorkQueue({
      handler: (key) => {
        const slash = key.indexOf('/');
        return this.reconcile(key.slice(0, slash), key.slice(slash + 1));
      },
      workers: d.workers ?? 4,
      // A reconcile that never settles must not hold a worker: after a minute the worker moves on and
      // the key is retried with back-off once the stuck reconcile has settled.
      timeoutMs: d.reconcileTimeoutMs ?? 60_000,
      onError: (key, err, retryInMs) =>
        d.log(
          `reconcile ${key} (retry in ${retryInMs} ms): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        ),
    });
  }

  enqueue(namespace: string, name: string): void {
    this.queue.add(`${namespace}/${name}`);
  }

  private enqueueAfter(namespace: string, name: string, ms: number): void {
    this.queue.addAfter(`${namespace}/${name}`, ms);
  }

  enqueueAll(): void {
    for (const o of this.d.isvcs.list()) {
      if (!isIgnored(o)) this.enqueue(o.metadata?.namespace ?? '', o.metadata?.name ?? '');
    }
  }

  /** Resolves when the queue has nothing queued, under way or delayed (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  stop(): void {
    this.queue.shutDown();
  }

  private runtimesIn(namespace: string): { ns: ServingRuntimeObject[]; cluster: ServingRuntimeObject[] } {
    const parse = (o: KubernetesObject) => {
      const r = servingRuntimeSchema.safeParse(o);
      return r.success ? [r.data] : [];
    };
    return {
      ns: this.d.runtimes.list(namespace).flatMap(parse),
      cluster: this.d.clusterRuntimes.list().flatMap(parse),
    };
  }

  private resolve(isvc: InferenceService, type: ComponentType): Resolved | undefined {
    const spec = normalizeSpec(isvc.spec)[type];
    if (!spec) return undefined;
    if (!spec.model) return { spec };
    const { ns, cluster } = this.runtimesIn(isvc.metadata.namespace ?? '');
    const sel = selectRuntime(spec.model, ns, cluster, type);
    if (!sel.ok) return { spec, failure: { reason: sel.reason, message: sel.message, error: sel.error } };
    return { spec, runtime: sel.runtime };
  }

  private involved(isvc: InferenceService): Involved {
    return {
      ...isvcKind,
      name: isvc.metadata.name,
      namespace: isvc.metadata.namespace ?? '',
      uid: isvc.metadata.uid ?? '',
    };
  }

  private event(isvc: InferenceService, type: 'Normal' | 'Warning', reason: string, message: string): void {
    void this.d.events.emit(this.involved(isvc), type, reason, message, isvcSource).catch(() => {});
  }

  private isvcPath(ns: string, name: string, sub?: string): string {
    return nsPath(group, 'v1beta1', ns, 'inferenceservices', name, sub);
  }

  async reconcile(ns: string, name: string): Promise<void> {
    const raw = this.d.isvcs.get(name, ns);
    if (!raw) {
      await this.cleanup(ns, name);
      return;
    }
    if (isIgnored(raw)) return;
    const parsed = inferenceServiceSchema.safeParse(raw);
    if (!parsed.success) {
      this.d.log(`${ns}/${name}: not an InferenceService this controller understands: ${parsed.error.message}`);
      return;
    }
    const isvc = parsed.data;
    const finalizers = isvc.metadata.finalizers ?? [];
    if (isvc.metadata.deletionTimestamp) {
      if (!finalizers.includes(finalizerName)) return;
      const left = await this.cleanup(ns, name);
      if (left > 0) {
        this.enqueueAfter(ns, name, 1000);
        return;
      }
      await this.d.client.mergePatch(this.isvcPath(ns, name), {
        metadata: {
          finalizers: finalizers.filter((f) => f !== finalizerName),
          resourceVersion: isvc.metadata.resourceVersion,
        },
      });
      return;
    }
    // what the mutating webhook and the finalizer registration do before anything else
    const mode = isvc.metadata.annotations?.[deploymentModeAnnotation];
    const wantMode = mode === undefined || mode === 'RawDeployment' ? 'Standard' : mode;
    if (!finalizers.includes(finalizerName) || needsNormalization(isvc.spec) || wantMode !== mode) {
      const patch: Record<string, unknown> = {
        metadata: {
          finalizers: finalizers.includes(finalizerName) ? finalizers : [...finalizers, finalizerName],
          annotations: { [deploymentModeAnnotation]: wantMode },
          resourceVersion: isvc.metadata.resourceVersion,
        },
      };
      if (needsNormalization(isvc.spec)) patch.spec = normalizationPatch(isvc.spec);
      const r = await this.d.client.mergePatch(this.isvcPath(ns, name), patch);
      if (!r.ok && r.status !== 409 && r.status !== 404) this.d.log(`${ns}/${name}: ${r.message}`);
      return; // the update comes back through the watch
    }
    if (wantMode !== 'Standard') {
      this.d.log(`${ns}/${name}: deployment mode ${wantMode} is not supported by the sandbox; treating it as Standard`);
    }
    const stopped = isvc.metadata.annotations?.[stopAnnotation] === 'true';
    const types: ComponentType[] = ['predictor'];
    if (isvc.spec.transformer) types.push('transformer');
    if (isvc.spec.explainer) types.push('explainer');
    const observations: ComponentObservation[] = [];
    let predictorRuntime: RuntimeRef | undefined;
    for (const type of types) {
      const r = this.resolve(isvc, type);
      if (!r) continue;
      if (type === 'predictor') predictorRuntime = r.runtime;
      if (r.failure) {
        const key = `${ns}/${name}/${type}`;
        if (this.lastError.get(key) !== r.failure.error) {
          this.lastError.set(key, r.failure.error);
          this.event(isvc, 'Warning', 'InternalError', r.failure.error);
        }
        await this.removeComponent(ns, isvc.metadata.name, type);
        observations.push({
          type,
          failure: { reason: r.failure.reason as never, message: r.failure.message },
          pods: [],
        });
        continue;
      }
      this.lastError.delete(`${ns}/${name}/${type}`);
      if (stopped) {
        await this.removeComponent(ns, isvc.metadata.name, type);
        observations.push({ type, pods: [] });
        continue;
      }
      observations.push(await this.ensureComponent(isvc, type, r));
    }
    for (const gone of (['transformer', 'explainer'] as const).filter((t) => !types.includes(t))) {
      await this.removeComponent(ns, isvc.metadata.name, gone);
    }
    const previous = isvc.status;
    const status = computeStatus({
      generation: isvc.metadata.generation ?? 1,
      previous,
      name,
      namespace: ns,
      domain: this.d.domain,
      stopped,
      components: observations,
      ...(predictorRuntime ? { runtime: { name: predictorRuntime.name, scope: predictorRuntime.scope } } : {}),
      now: now(),
    });
    // compared with the status as stored, keys sorted (the apiserver serialises a custom resource's maps with
    // sorted keys, computeStatus in its own order; a plain JSON.stringify differed on every resync)
    if (stableStringify((raw as { status?: unknown }).status ?? {}) !== stableStringify(status)) {
      const r = await this.d.client.jsonPatch(this.isvcPath(ns, name, 'status'), [
        { op: 'add', path: '/status', value: status },
      ]);
      if (!r.ok) {
        if (r.status !== 404) {
          this.event(
            isvc,
            'Warning',
            'UpdateFailed',
            `Failed to update status for InferenceService "${name}": ${r.message}`,
          );
          this.enqueueAfter(ns, name, 1000);
        }
        return;
      }
      const was = previous?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      const is = status.conditions.find((c) => c.type === 'Ready')?.status === 'True';
      if (!was && is) this.event(isvc, 'Normal', 'InferenceServiceReady', `InferenceService [${name}] is Ready`);
      if (was && !is)
        this.event(isvc, 'Warning', 'InferenceServiceNotReady', `InferenceService [${name}] is no longer Ready`);
    }
  }

  private podsOf(ns: string, app: string): V1Pod[] {
    return (this.d.pods.list(ns) as V1Pod[]).filter((p) => p.metadata?.labels?.app === app);
  }

  private async ensureComponent(
    isvc: InferenceService,
    type: ComponentType,
    r: Resolved,
  ): Promise<ComponentObservation> {
    const ns = isvc.metadata.namespace ?? 'default';
    const cname = componentName(isvc.metadata.name, type);
    this.removed.delete(`${ns}/${isvc.metadata.name}/${type}`);
    const c = this.d.client;
    const desired = Math.max(r.spec.minReplicas ?? 1, 1);
    const template = podTemplate(isvc, type, r.spec, r.runtime);
    const hash = templateHashOf(template);
    const depPath = nsPath('apps', 'v1', ns, 'deployments', cname);
    const existing = await c.get<V1Deployment>(depPath);
    let dep: V1Deployment;
    if (!existing.ok) {
      const created = await c.create<V1Deployment>(
        nsPath('apps', 'v1', ns, 'deployments'),
        withTemplateHash(deploymentFor(isvc, type, template, desired, 1), hash),
      );
      if (!created.ok) throw new Error(`create deployment ${cname}: ${created.message}`);
      dep = created.body;
    } else {
      dep = existing.body;
      // the hash of the template as written: the stored one carries the apiserver's defaults, whose hash differs
      const oldHash = dep.metadata?.annotations?.[templateHashAnnotation] ?? templateHashOf(dep.spec?.template ?? {});
      if (oldHash !== hash || dep.spec?.replicas !== desired) {
        const rev = Number(dep.metadata?.annotations?.[revisionAnnotation] ?? '1') + (oldHash !== hash ? 1 : 0);
        const next = withTemplateHash(deploymentFor(isvc, type, template, desired, rev), hash);
        next.metadata = { ...next.metadata, resourceVersion: dep.metadata?.resourceVersion ?? '' } as never;
        const upd = await c.replace<V1Deployment>(depPath, next);
        if (!upd.ok) throw new Error(`update deployment ${cname}: ${upd.message}`);
        dep = upd.body;
      }
    }
    const depUid = dep.metadata?.uid ?? '';
    const revision = Number(dep.metadata?.annotations?.[revisionAnnotation] ?? '1');
    const rsName = `${cname}-${hash}`;
    const rsPath = nsPath('apps', 'v1', ns, 'replicasets', rsName);
    let rs = await c.get<V1ReplicaSet>(rsPath);
    if (!rs.ok) {
      rs = await c.create<V1ReplicaSet>(
        nsPath('apps', 'v1', ns, 'replicasets'),
        replicaSetFor(dep, depUid, hash, desired, revision),
      );
      if (!rs.ok) throw new Error(`create replicaset ${rsName}: ${rs.message}`);
      void this.d.events
        .emit(
          { apiVersion: 'apps/v1', kind: 'Deployment', name: cname, namespace: ns, uid: depUid },
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${rsName} from 0 to ${desired}`,
          { component: 'deployment-controller' },
        )
        .catch(() => {});
    } else if (rs.body.spec?.replicas !== desired) {
      await c.mergePatch(rsPath, { spec: { replicas: desired } });
    }
    const rsObj = rs.body;
    const rsUid = rsObj.metadata?.uid ?? '';
    const app = rawServiceLabel(isvc.metadata.name, type);
    const t = Date.now();
    for (const [k, at] of this.expectCreate) if (t - at > 30_000) this.expectCreate.delete(k);
    for (const [k, at] of this.expectDelete) if (t - at > 30_000) this.expectDelete.delete(k);
    const all = this.podsOf(ns, app);
    for (const p of all) this.expectCreate.delete(`${ns}/${p.metadata?.name}`);
    const live = all.filter(
      (p) => !p.metadata?.deletionTimestamp && !this.expectDelete.has(`${ns}/${p.metadata?.name}`),
    );
    const current = live.filter((p) => p.metadata?.labels?.[podTemplateHashLabel] === hash);
    const old = live.filter((p) => p.metadata?.labels?.[podTemplateHashLabel] !== hash);
    const pending = [...this.expectCreate.keys()].filter((k) => k.startsWith(`${ns}/${rsName}-`)).length;
    for (let i = current.length + pending; i < desired; i++) {
      const pod = podFor(rsObj, rsUid, randomSuffix());
      const created = await c.create<V1Pod>(nsPath('', 'v1', ns, 'pods'), pod);
      if (created.ok) {
        this.expectCreate.set(`${ns}/${pod.metadata?.name}`, Date.now());
        void this.d.events
          .emit(
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, namespace: ns, uid: rsUid },
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata?.name}`,
            { component: 'replicaset-controller' },
          )
          .catch(() => {});
      } else if (created.status !== 409) {
        void this.d.events
          .emit(
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, namespace: ns, uid: rsUid },
            'Warning',
            'FailedCreate',
            `Error creating: ${created.message}`,
            { component: 'replicaset-controller' },
          )
          .catch(() => {});
      }
    }
    const sorted = [...current].sort((a, b) =>
      String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? '')),
    );
    for (const p of sorted.slice(desired)) await this.deletePod(ns, p, rsName, rsUid);
    const readyCurrent = current.filter(isPodReady).length;
    if (readyCurrent >= desired && old.length > 0) {
      const oldRs = new Map<string, V1Pod[]>();
      for (const p of old) {
        const owner = p.metadata?.ownerReferences?.[0]?.name ?? '';
        oldRs.set(owner, [...(oldRs.get(owner) ?? []), p]);
      }
      for (const [ownerName, pods] of oldRs) {
        for (const p of pods) await this.deletePod(ns, p, ownerName, p.metadata?.ownerReferences?.[0]?.uid ?? '');
        await c.mergePatch(nsPath('apps', 'v1', ns, 'replicasets', ownerName), { spec: { replicas: 0 } });
        void this.d.events
          .emit(
            { apiVersion: 'apps/v1', kind: 'Deployment', name: cname, namespace: ns, uid: depUid },
            'Normal',
            'ScalingReplicaSet',
            `Scaled down replica set ${ownerName} from ${pods.length} to 0`,
            { component: 'deployment-controller' },
          )
          .catch(() => {});
      }
    }
    // statuses of the ReplicaSet and the Deployment, as their controllers would write them
    const readyAll = live.filter(isPodReady).length;
    const available = readyAll >= desired - Math.floor(desired * 0.25) && readyAll > 0;
    const progressed = readyCurrent >= desired && old.length === 0;
    const ts = now();
    const rsStatus: ReplicaSetStatusWrite = {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: readyCurrent,
      availableReplicas: readyCurrent,
      observedGeneration: rsObj.metadata?.generation ?? 1,
    };
    if (replicaSetStatusChanged(rsObj.status, rsStatus)) {
      await c.mergePatch(nsPath('apps', 'v1', ns, 'replicasets', rsName, 'status'), { status: rsStatus });
    }
    const prevConds = dep.status?.conditions ?? [];
    const cond = (type: string, ok: boolean, reason: string, message: string) => {
      const prev = prevConds.find((x) => x.type === type);
      const same = prev && prev.status === (ok ? 'True' : 'False') && prev.reason === reason;
      return {
        type,
        status: ok ? 'True' : 'False',
        reason,
        message,
        lastUpdateTime: ts,
        lastTransitionTime: same && prev.lastTransitionTime ? prev.lastTransitionTime : ts,
      };
    };
    const depStatus: DeploymentStatusWrite = {
      observedGeneration: dep.metadata?.generation ?? 1,
      replicas: live.length,
      updatedReplicas: current.length,
      readyReplicas: readyAll,
      availableReplicas: readyAll,
      unavailableReplicas: Math.max(desired - readyAll, 0) || null,
      conditions: [
        available
          ? cond('Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : cond('Available', false, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        progressed
          ? cond('Progressing', true, 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
          : cond('Progressing', true, 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
      ],
    };
    if (deploymentStatusChanged(dep.status, depStatus)) {
      await c.mergePatch(nsPath('apps', 'v1', ns, 'deployments', cname, 'status'), { status: depStatus });
    }
    // Service NAME-component, ClusterIP from the apiserver's service range
    const svcPath = nsPath('', 'v1', ns, 'services', cname);
    const svc = await c.get<V1Service>(svcPath);
    if (!svc.ok) {
      const created = await c.create<V1Service>(nsPath('', 'v1', ns, 'services'), serviceFor(isvc, type));
      if (!created.ok && created.status !== 409) throw new Error(`create service ${cname}: ${created.message}`);
    }
    const deployment: DeploymentObservation = {
      available,
      progressingReason: progressed ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
      replicaSetName: rsName,
    };
    return { type, deployment, pods: sorted };
  }

  private async deletePod(ns: string, p: V1Pod, rsName: string, rsUid: string): Promise<void> {
    const name = p.metadata?.name ?? '';
    this.expectDelete.set(`${ns}/${name}`, Date.now());
    const r = await this.d.client.delete(nsPath('', 'v1', ns, 'pods', name));
    if (r.ok) {
      void this.d.events
        .emit(
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, namespace: ns, uid: rsUid },
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${name}`,
          { component: 'replicaset-controller' },
        )
        .catch(() => {});
    }
  }

  /** Deletes the component's Deployment, ReplicaSets, Pods and Service. Returns how many pods remain. */
  private async removeComponent(ns: string, isvcName: string, type: ComponentType): Promise<number> {
    const cname = componentName(isvcName, type);
    const app = rawServiceLabel(isvcName, type);
    const c = this.d.client;
    const pods = this.podsOf(ns, app);
    const key = `${ns}/${isvcName}/${type}`;
    if (pods.length === 0 && this.removed.has(key)) return 0;
    for (const p of pods)
      if (!p.metadata?.deletionTimestamp) await c.delete(nsPath('', 'v1', ns, 'pods', p.metadata?.name ?? ''));
    const rsList = await c.get<{ items: V1ReplicaSet[] }>(
      `${nsPath('apps', 'v1', ns, 'replicasets')}?labelSelector=${encodeURIComponent(`app=${app}`)}`,
    );
    if (rsList.ok)
      for (const rs of rsList.body.items)
        await c.delete(nsPath('apps', 'v1', ns, 'replicasets', rs.metadata?.name ?? ''));
    const dep = await c.delete(nsPath('apps', 'v1', ns, 'deployments', cname));
    const svc = await c.delete(nsPath('', 'v1', ns, 'services', cname));
    const gone = (r: { ok: boolean; status: number }) => !r.ok && r.status === 404;
    if (pods.length === 0 && rsList.ok && rsList.body.items.length === 0 && gone(dep) && gone(svc))
      this.removed.add(key);
    else this.removed.delete(key);
    return pods.length;
  }

  /** Everything an InferenceService owned; returns the number of pods still terminating. */
  async cleanup(ns: string, name: string): Promise<number> {
    let left = 0;
    for (const t of ['predictor', 'transformer', 'explainer'] as const) left += await this.removeComponent(ns, name, t);
    return left;
  }
}

/** Where the Deployment records the hash of the pod template the controller wrote (see ensureComponent). */
export const templateHashAnnotation = 'sandbox.servedeck.dev/template-hash';

function withTemplateHash(d: V1Deployment, hash: string): V1Deployment {
  return {
    ...d,
    metadata: { ...d.metadata, annotations: { ...d.metadata?.annotations, [templateHashAnnotation]: hash } },
  };
}

/** A merge patch that rewrites legacy framework fields into `model` (null removes the old key). */
function normalizationPatch(spec: InferenceService['spec']): Record<string, unknown> {
  const norm = normalizeSpec(spec);
  const out: Record<string, unknown> = {};
  for (const t of ['predictor', 'transformer', 'explainer'] as const) {
    const before = spec[t] as Record<string, unknown> | undefined;
    const after = norm[t] as Record<string, unknown> | undefined;
    if (!before || !after) continue;
    const p: Record<string, unknown> = {};
    for (const k of Object.keys(before)) if (!(k in after)) p[k] = null;
    if (after.model !== before.model) p.model = after.model;
    if (Object.keys(p).length > 0) out[t] = p;
  }
  return out;
}
