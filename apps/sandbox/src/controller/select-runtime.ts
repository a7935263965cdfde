/**
 * ServingRuntime selection as KServe's `ModelSpec.GetSupportingRuntimes` and the predictor reconciler do it.
 * Pure: a function of the model spec and the runtimes visible in the namespace and cluster.
 */
import type { ModelSpec, ProtocolVersion, RuntimeRef, ServingRuntimeObject, ServingRuntimeSpec } from './kserve-types';
import { modelProtocol } from './normalize';

export type FailureReason =
  | 'ModelLoadFailed'
  | 'RuntimeUnhealthy'
  | 'RuntimeDisabled'
  | 'NoSupportingRuntime'
  | 'RuntimeNotRecognized'
  | 'InvalidPredictorSpec';

export type RuntimeSelection =
  | { ok: true; runtime: RuntimeRef; protocol: ProtocolVersion }
  /** `reason`/`message` go to status.modelStatus.lastFailureInfo, `error` to the InternalError event. */
  | { ok: false; reason: FailureReason; message: string; error: string };

const protocolRank: Record<string, number> = { v1: 0, v2: 1, 'grpc-v1': 2, 'grpc-v2': 3 };
const unknownRank = 4;

function protocolPriority(protocols: string[] | undefined): number {
  if (!protocols || protocols.length === 0) return unknownRank;
  return Math.min(...protocols.map((p) => protocolRank[p] ?? unknownRank));
}

function isProtocolSupported(spec: ServingRuntimeSpec, protocol: ProtocolVersion): boolean {
  if (!spec.protocolVersions || spec.protocolVersions.length === 0) return protocol === 'v1' || protocol === 'grpc-v2';
  return spec.protocolVersions.includes(protocol);
}

function formatLabels(spec: ServingRuntimeSpec, runtimeExplicit: boolean): Set<string> {
  const set = new Set<string>();
  for (const f of spec.supportedModelFormats ?? []) {
    if (runtimeExplicit || f.autoSelect === true) {
      set.add(`mt:${f.name}`);
      if (f.version !== undefined) set.add(`mt:${f.name}:${f.version}`);
    }
  }
  return set;
}

function modelLabel(model: ModelSpec): string {
  const f = model.modelFormat;
  return f.version !== undefined ? `mt:${f.name}:${f.version}` : `mt:${f.name}`;
}

export function runtimeSupportsModel(spec: ServingRuntimeSpec, model: ModelSpec): boolean {
  return formatLabels(spec, model.runtime !== undefined).has(modelLabel(model));
}

function priorityFor(spec: ServingRuntimeSpec, formatName: string): number | undefined {
  return spec.supportedModelFormats?.find((f) => f.name === formatName)?.priority;
}

function byCreationThenName(a: ServingRuntimeObject, b: ServingRuntimeObject): number {
  const pa = protocolPriority(a.spec.protocolVersions);
  const pb = protocolPriority(b.spec.protocolVersions);
  if (pa !== pb) return pa - pb;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return tb - ta; // newest first
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Stable sort by format priority, descending; runtimes with a priority come before those without. */
function byFormatPriority(list: ServingRuntimeObject[], formatName: string): ServingRuntimeObject[] {
  return list
    .map((rt, i) => ({ rt, i, p: priorityFor(rt.spec, formatName) }))
    .sort((x, y) => {
      if (x.p === undefined && y.p === undefined) return x.i - y.i;
      if (x.p === undefined) return 1;
      if (y.p === undefined) return -1;
      return y.p - x.p || x.i - y.i;
    })
    .map((e) => e.rt);
}

/** The ordered list of runtimes that could serve `model` (namespace-scoped first, then cluster-scoped). */
export function supportingRuntimes(
  model: ModelSpec,
  namespaced: readonly ServingRuntimeObject[],
  cluster: readonly ServingRuntimeObject[],
  isMMS = false,
): RuntimeRef[] {
  const protocol = modelProtocol(model);
  const eligible = (rt: ServingRuntimeObject) =>
    rt.spec.disabled !== true &&
    (rt.spec.multiModel === true) === isMMS &&
    runtimeSupportsModel(rt.spec, model) &&
    isProtocolSupported(rt.spec, protocol);
  const ns = byFormatPriority([...namespaced].sort(byCreationThenName).filter(eligible), model.modelFormat.name);
  const cl = byFormatPriority([...cluster].sort(byCreationThenName).filter(eligible), model.modelFormat.name);
  return [
    ...ns.map((rt): RuntimeRef => ({ name: rt.metadata.name, scope: 'namespace', spec: rt.spec })),
    ...cl.map((rt): RuntimeRef => ({ name: rt.metadata.name, scope: 'cluster', spec: rt.spec })),
  ];
}

function formatDescription(model: ModelSpec): string {
  return `{${model.modelFormat.name} ${model.modelFormat.version ?? '<nil>'}}`;
}

/** The runtime the predictor reconciler would pick, or the failure it would record. */
export function selectRuntime(
  model: ModelSpec,
  namespaced: readonly ServingRuntimeObject[],
  cluster: readonly ServingRuntimeObject[],
  component: 'predictor' | 'explainer' | 'transformer' = 'predictor',
): RuntimeSelection {
  if (model.runtime !== undefined) {
    const name = model.runtime;
    const nsRt = namespaced.find((r) => r.metadata.name === name);
    const clRt = nsRt ? undefined : cluster.find((r) => r.metadata.name === name);
    const found = nsRt ?? clRt;
    if (!found) {
      return {
        ok: false,
        reason: 'RuntimeNotRecognized',
        message: 'Waiting for runtime to become available',
        error: `no runtime found with name ${name}`,
      };
    }
    if (found.spec.disabled === true) {
      return {
        ok: false,
        reason: 'RuntimeDisabled',
        message: 'Specified runtime is disabled',
        error: `specified runtime ${name} is disabled`,
      };
    }
    if (found.spec.multiModel === true) {
      return {
        ok: false,
        reason: 'InvalidPredictorSpec',
        message: 'Specified runtime does not support single-model serving',
        error: `specified runtime ${name} is a multi-model runtime`,
      };
    }
    const protocol = modelProtocol(model);
    if (!isProtocolSupported(found.spec, protocol)) {
      return {
        ok: false,
        reason: 'InvalidPredictorSpec',
        message: 'Specified runtime does not support specified protocol version',
        error: `specified runtime ${name} does not support specified protocol version`,
      };
    }
    if (!runtimeSupportsModel(found.spec, model)) {
      return {
        ok: false,
        reason: 'NoSupportingRuntime',
        message: 'Specified runtime does not support specified framework/version',
        error: `specified runtime ${name} does not support specified framework/version`,
      };
    }
    return { ok: true, runtime: { name, scope: nsRt ? 'namespace' : 'cluster', spec: found.spec }, protocol };
  }
  const list = supportingRuntimes(model, namespaced, cluster);
  const first = list[0];
  if (!first) {
    return {
      ok: false,
      reason: 'NoSupportingRuntime',
      message: 'No runtime found to support specified framework/version',
      error: `no runtime found to support ${component} with model type: ${formatDescription(model)}`,
    };
  }
  return { ok: true, runtime: first, protocol: modelProtocol(model) };
}
