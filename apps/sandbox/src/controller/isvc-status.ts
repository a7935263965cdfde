/**
 * InferenceService status as KServe's controller writes it in Standard (RawDeployment) mode: knative-style
 * conditions (Ready derived from PredictorReady and IngressReady), URLs, components and modelStatus
 * (`PropagateRawStatus`, the raw ingress reconciler, `PropagateModelStatus`). Pure.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { ComponentType, ObservedStatus } from './kserve-types';
import { isvcUrls } from './names';
import type { FailureReason } from './select-runtime';

export type Condition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  severity?: string;
  lastTransitionTime: string;
};

export type FailureInfo = {
  location?: string;
  reason: FailureReason;
  message?: string;
  modelRevisionName?: string;
  time?: string;
  exitCode?: number;
};

/** The previous status as read back (shared with the console's reading: every field optional). */
type ObservedModelStatus = NonNullable<ObservedStatus['modelStatus']>;
/** A failure record carried over from the previous status unchanged. */
type KeptFailureInfo = NonNullable<ObservedModelStatus['lastFailureInfo']>;

const transitionStatuses = ['UpToDate', 'InProgress', 'BlockedByFailedLoad', 'InvalidSpec'] as const;
type TransitionStatus = (typeof transitionStatuses)[number];
function transitionOf(s: string | undefined): TransitionStatus {
  return transitionStatuses.find((t) => t === s) ?? 'InProgress';
}

export type ModelStatus = {
  transitionStatus: TransitionStatus;
  states?: { activeModelState: string; targetModelState?: string };
  lastFailureInfo?: FailureInfo | KeptFailureInfo;
  copies?: { failedCopies: number; totalCopies?: number };
};

export type IsvcStatus = {
  observedGeneration?: number;
  conditions: Condition[];
  url?: string;
  address?: { url: string };
  components?: Partial<
    Record<ComponentType, { url?: string; address?: { url: string }; latestCreatedRevision?: string }>
  >;
  modelStatus: ModelStatus;
  deploymentMode: string;
  servingRuntimeName?: string;
  clusterServingRuntimeName?: string;
};

export type DeploymentObservation = {
  /** Deployment `Available` condition. */
  available: boolean;
  /** Deployment `Progressing` condition. */
  progressingReason: 'NewReplicaSetAvailable' | 'ReplicaSetUpdated' | 'NewReplicaSetCreated';
  replicaSetName: string;
};

export type ComponentObservation = {
  type: ComponentType;
  /** Set when the component could not be reconciled (no runtime ...): nothing was deployed. */
  failure?: { reason: FailureReason; message: string };
  deployment?: DeploymentObservation;
  /** Pods of the newest revision, oldest first. */
  pods: V1Pod[];
};

export type StatusInput = {
  generation: number;
  previous: ObservedStatus | undefined;
  name: string;
  namespace: string;
  domain: string;
  stopped: boolean;
  components: ComponentObservation[];
  runtime?: { name: string; scope: 'namespace' | 'cluster' };
  now: string;
};

const readyType: Record<ComponentType, string> = {
  predictor: 'PredictorReady',
  transformer: 'TransformerReady',
  explainer: 'ExplainerReady',
};

type CondValue = Omit<Condition, 'type' | 'lastTransitionTime'>;

/** knative `ConditionSet`: keeps lastTransitionTime when nothing changed, sorts by type. */
function setConditions(
  previous: ObservedStatus['conditions'],
  next: Record<string, CondValue>,
  now: string,
): Condition[] {
  const out: Condition[] = [];
  for (const [type, v] of Object.entries(next)) {
    const old = previous?.find((c) => c.type === type);
    const same = old && old.status === v.status && old.reason === v.reason && old.message === v.message;
    const c: Condition = { type, status: v.status, lastTransitionTime: (same && old.lastTransitionTime) || now };
    if (v.reason) c.reason = v.reason;
    if (v.message) c.message = v.message;
    if (v.severity) c.severity = v.severity;
    out.push(c);
  }
  return out.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

function rawComponentCondition(obs: ComponentObservation): CondValue {
  if (obs.failure) return { status: 'False', reason: obs.failure.reason, message: obs.failure.message };
  const d = obs.deployment;
  if (!d) return { status: 'Unknown' };
  if (d.available && d.progressingReason === 'NewReplicaSetAvailable') return { status: 'True' };
  if (!d.available) {
    return {
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    };
  }
  return {
    status: 'Unknown',
    reason: d.progressingReason,
    message: `ReplicaSet "${d.replicaSetName}" is progressing.`,
  };
}

type ContainerStatusLike = NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number];

function failureFrom(cs: ContainerStatusLike, pod: V1Pod, now: string): FailureInfo | undefined {
  const term = cs.state?.terminated?.reason === 'Error' ? cs.state.terminated : undefined;
  const looping = cs.state?.waiting?.reason === 'CrashLoopBackOff' ? cs.lastState?.terminated : undefined;
  const t = term ?? looping;
  if (!t) return undefined;
  const info: FailureInfo = { reason: 'ModelLoadFailed', location: pod.metadata?.name ?? '' };
  if (t.message) info.message = t.message;
  info.exitCode = t.exitCode;
  const at = t.finishedAt ? new Date(t.finishedAt as unknown as string).toISOString() : now;
  info.time = at.replace(/\.\d{3}Z$/, 'Z');
  return info;
}

/** `PropagateModelStatus` for Standard mode. */
export function modelStatusFor(
  previous: ObservedModelStatus | undefined,
  pods: V1Pod[],
  isvcReady: boolean,
  now: string,
): ModelStatus {
  const readyCopies = pods.filter(
    (p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  const ms: ModelStatus = {
    transitionStatus: transitionOf(previous?.transitionStatus),
    copies: { failedCopies: 0, totalCopies: readyCopies },
  };
  const active = previous?.states?.activeModelState ?? '';
  const update = (target: string, failure?: FailureInfo): ModelStatus => {
    const states = { activeModelState: target === 'Loaded' ? 'Loaded' : active, targetModelState: target };
    const transitionStatus =
      target === 'Loaded' ? 'UpToDate' : target === 'FailedToLoad' ? 'BlockedByFailedLoad' : ('InProgress' as const);
    const out: ModelStatus = { ...ms, transitionStatus, states };
    const lastFailure = failure ?? previous?.lastFailureInfo;
    if (lastFailure) out.lastFailureInfo = sameFailure(previous?.lastFailureInfo, failure) ?? lastFailure;
    return out;
  };
  const first = pods[0];
  if (!first) return update('Pending');
  for (const cs of first.status?.initContainerStatuses ?? []) {
    if (cs.name !== 'storage-initializer') continue;
    if (cs.state?.running) {
      if (!cs.lastState?.terminated) return update('Loading');
    }
    const f = failureFrom(cs, first, now);
    if (f) return update('FailedToLoad', f);
  }
  if (isvcReady) return update('Loaded');
  for (const cs of first.status?.containerStatuses ?? []) {
    if (cs.name !== 'kserve-container') continue;
    const f = failureFrom(cs, first, now);
    if (f) return update('FailedToLoad', f);
    return update('Pending');
  }
  return update('Pending');
}

/** Keeps the old record (and its time) when the same failure is reported again. */
function sameFailure(old: KeptFailureInfo | undefined, next: FailureInfo | undefined): KeptFailureInfo | undefined {
  if (!old || !next) return undefined;
  return old.reason === next.reason && old.message === next.message && old.exitCode === next.exitCode ? old : undefined;
}

export function computeStatus(input: StatusInput): IsvcStatus {
  const prev = input.previous;
  const conds: Record<string, CondValue> = {};
  const types = input.components.map((c) => c.type);
  const urls = isvcUrls(input.name, input.namespace, input.domain, types);
  const components: NonNullable<IsvcStatus['components']> = {};
  for (const obs of input.components) {
    if (input.stopped) {
      conds[readyType[obs.type]] = { status: 'False', reason: 'Stopped' };
      components[obs.type] = {};
      continue;
    }
    const cond = rawComponentCondition(obs);
    conds[readyType[obs.type]] = cond;
    const u = urls.components[obs.type];
    components[obs.type] = cond.status === 'True' && u ? { url: u.url, address: { url: u.address } } : {};
  }
  const predictor = conds.PredictorReady;
  const transformer = conds.TransformerReady;
  let ingressReady = false;
  if (input.stopped) {
    conds.IngressReady = { status: 'False', reason: 'Stopped' };
  } else if (predictor?.status !== 'True') {
    conds.IngressReady = { status: 'False', reason: 'Predictor ingress not created' };
  } else if (transformer && transformer.status !== 'True') {
    conds.IngressReady = { status: 'False', reason: 'Transformer ingress not created' };
  } else {
    conds.IngressReady = { status: 'True' };
    ingressReady = true;
  }
  // knative LivingConditionSet: Ready follows its dependents (PredictorReady, IngressReady)
  const deps = [predictor ?? { status: 'Unknown' as const }, conds.IngressReady];
  const firstFalse = deps.find((d) => d.status === 'False');
  const firstUnknown = deps.find((d) => d.status === 'Unknown');
  conds.Ready = firstFalse
    ? { status: 'False', ...pick(firstFalse) }
    : firstUnknown
      ? { status: 'Unknown', ...pick(firstUnknown) }
      : { status: 'True' };
  conds.Stopped = { status: input.stopped ? 'True' : 'False' };
  const ready = conds.Ready.status === 'True';

  const status: IsvcStatus = {
    observedGeneration: input.generation,
    conditions: setConditions(prev?.conditions, conds, input.now),
    modelStatus: { transitionStatus: 'InProgress' },
    deploymentMode: 'Standard',
    components,
  };
  if (ingressReady) {
    status.url = urls.url;
    status.address = { url: urls.address };
  }
  const predictorObs = input.components.find((c) => c.type === 'predictor');
  if (predictorObs?.failure) {
    status.modelStatus = {
      transitionStatus: 'InvalidSpec',
      states: { activeModelState: prev?.modelStatus?.states?.activeModelState ?? '', targetModelState: 'FailedToLoad' },
      lastFailureInfo: sameFailure(prev?.modelStatus?.lastFailureInfo, {
        reason: predictorObs.failure.reason,
        message: predictorObs.failure.message,
      }) ?? { reason: predictorObs.failure.reason, message: predictorObs.failure.message, time: input.now },
    };
  } else {
    status.modelStatus = modelStatusFor(
      prev?.modelStatus,
      input.stopped ? [] : (predictorObs?.pods ?? []),
      ready,
      input.now,
    );
  }
  if (input.runtime?.scope === 'namespace') status.servingRuntimeName = input.runtime.name;
  if (input.runtime?.scope === 'cluster') status.clusterServingRuntimeName = input.runtime.name;
  return status;
}

function pick(c: CondValue): Pick<CondValue, 'reason' | 'message'> {
  const o: Pick<CondValue, 'reason' | 'message'> = {};
  if (c.reason) o.reason = c.reason;
  if (c.message) o.message = c.message;
  return o;
}
