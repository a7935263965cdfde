import type { ComponentSpec, Condition, InferenceService, ModelSpec } from './k8s-objects';

/** The five states the console shows for an InferenceService. */
export type IsvcPhase = 'Ready' | 'NotReady' | 'Loading' | 'Failed' | 'Stopped';

export type IsvcStatus = {
  phase: IsvcPhase;
  /** Short machine-ish reason (a condition reason or `lastFailureInfo.reason`). */
  reason?: string;
  /** Human sentence from the controller, when it gave one. */
  message?: string;
};

export const STOP_ANNOTATION = 'serving.kserve.io/stop';
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/** The legacy framework fields the webhook rewrites into `predictor.model`. */
export const PREDICTOR_FRAMEWORKS = [
  'sklearn',
  'xgboost',
  'tensorflow',
  'pytorch',
  'triton',
  'onnx',
  'huggingface',
  'pmml',
  'lightgbm',
  'paddle',
] as const;

export function isStopped(isvc: InferenceService): boolean {
  return isvc.metadata.annotations?.[STOP_ANNOTATION] === 'true';
}

export function findCondition(isvc: InferenceService, type: string): Condition | undefined {
  return isvc.status?.conditions?.find((c) => c.type === type);
}

const FAILED_TRANSITIONS = new Set(['BlockedByFailedLoad', 'InvalidSpec']);

/** Conditions whose `True` is the abnormal state (KServe's `Stopped`); every other condition is good when True. */
export const NEGATIVE_POLARITY_CONDITIONS: ReadonlySet<string> = new Set(['Stopped']);

/** Whether a condition reports a problem: a False positive condition, or a True negative one. */
export function isProblemCondition(c: Condition): boolean {
  return NEGATIVE_POLARITY_CONDITIONS.has(c.type) ? c.status === 'True' : c.status === 'False';
}

/**
 * Derive the displayed state. Order matters: a stop request wins, then hard failures reported by
 * `modelStatus`, then the Ready condition; anything not yet decided by the controller is Loading.
 */
export function deriveIsvcStatus(isvc: InferenceService): IsvcStatus {
  const ready = findCondition(isvc, 'Ready');
  if (isStopped(isvc)) {
    return withText({ phase: 'Stopped' }, findCondition(isvc, 'Stopped')?.reason ?? 'Stopped', undefined);
  }
  const ms = isvc.status?.modelStatus;
  const failure = ms?.lastFailureInfo;
  if (
    ready?.status !== 'True' &&
    (FAILED_TRANSITIONS.has(ms?.transitionStatus ?? '') ||
      ms?.states?.targetModelState === 'FailedToLoad' ||
      ms?.states?.activeModelState === 'FailedToLoad')
  ) {
    return withText({ phase: 'Failed' }, failure?.reason ?? ms?.transitionStatus, failure?.message ?? ready?.message);
  }
  if (ready?.status === 'True') return { phase: 'Ready' };
  if (ready?.status === 'False') {
    // The first non-ready sub-condition usually carries the useful reason.
    const culprit =
      isvc.status?.conditions?.find((c) => c.type !== 'Ready' && c.status === 'False' && (c.reason || c.message)) ??
      ready;
    return withText({ phase: 'NotReady' }, culprit.reason ?? ready.reason, culprit.message ?? ready.message);
  }
  const loadingState = ms?.states?.targetModelState ?? ms?.states?.activeModelState;
  return withText(
    { phase: 'Loading' },
    ready?.reason ?? (loadingState && loadingState !== 'Loaded' ? loadingState : undefined),
    ready?.message,
  );
}

function withText(base: IsvcStatus, reason: string | undefined, message: string | undefined): IsvcStatus {
  return {
    ...base,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** The predictor's model block, whether written as `model:` or as a legacy framework field. */
export function predictorModel(isvc: InferenceService): { framework?: string; model?: ModelSpec } {
  return componentModel(isvc.spec.predictor);
}

export function componentModel(component: ComponentSpec | undefined): { framework?: string; model?: ModelSpec } {
  if (!component) return {};
  if (component.model) return { model: component.model };
  for (const fw of PREDICTOR_FRAMEWORKS) {
    const block = (component as Record<string, unknown>)[fw];
    if (block && typeof block === 'object') return { framework: fw, model: block as ModelSpec };
  }
  return {};
}

export function modelFormatOf(isvc: InferenceService): string | undefined {
  const { framework, model } = predictorModel(isvc);
  const name = model?.modelFormat?.name ?? framework;
  if (!name) return undefined;
  return model?.modelFormat?.version ? `${name}:${model.modelFormat.version}` : name;
}

/** The protocol, with KServe's defaults: v2 for triton and vllm formats, v1 otherwise. */
export function protocolOf(isvc: InferenceService): string {
  const { framework, model } = predictorModel(isvc);
  if (model?.protocolVersion) return model.protocolVersion;
  const format = model?.modelFormat?.name ?? framework;
  if (format === 'triton' || format === 'vllm') return 'v2';
  if (!model) return 'custom';
  return 'v1';
}

/** The runtime named in the spec, else the one the controller picked (`status.servingRuntimeName` / `clusterServingRuntimeName`, KServe 0.15+). */
export function runtimeOf(isvc: InferenceService): string | undefined {
  const picked = isvc.status as { servingRuntimeName?: unknown; clusterServingRuntimeName?: unknown } | undefined;
  const fromStatus = picked?.servingRuntimeName ?? picked?.clusterServingRuntimeName;
  return predictorModel(isvc).model?.runtime ?? (typeof fromStatus === 'string' ? fromStatus : undefined);
}

export function deploymentModeOf(isvc: InferenceService): string {
  return isvc.status?.deploymentMode ?? isvc.metadata.annotations?.[DEPLOYMENT_MODE_ANNOTATION] ?? 'Serverless';
}

/** Desired predictor replicas: 0 when stopped, else minReplicas (KServe defaults it to 1). */
export function desiredReplicasOf(isvc: InferenceService): number {
  if (isStopped(isvc)) return 0;
  return isvc.spec.predictor?.minReplicas ?? 1;
}

/** Everything the list row shows, derived once per object. */
export type IsvcSummary = {
  key: string;
  name: string;
  namespace: string;
  status: IsvcStatus;
  modelFormat: string | undefined;
  runtime: string | undefined;
  protocol: string;
  deploymentMode: string;
  url: string | undefined;
  desiredReplicas: number;
  createdAt: string | undefined;
  labels: Record<string, string>;
};

export function summarizeIsvc(isvc: InferenceService): IsvcSummary {
  const ns = isvc.metadata.namespace ?? '';
  return {
    key: `${ns}/${isvc.metadata.name}`,
    name: isvc.metadata.name,
    namespace: ns,
    status: deriveIsvcStatus(isvc),
    modelFormat: modelFormatOf(isvc),
    runtime: runtimeOf(isvc),
    protocol: protocolOf(isvc),
    deploymentMode: deploymentModeOf(isvc),
    url: isvc.status?.url,
    desiredReplicas: desiredReplicasOf(isvc),
    createdAt: isvc.metadata.creationTimestamp,
    labels: isvc.metadata.labels ?? {},
  };
}
