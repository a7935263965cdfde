/**
 * KServe's ServingRuntime selection (v0.20.0), pure: which runtimes can serve a model, which one KServe picks,
 * and what it records when none can. Mirrors `ModelSpec.GetSupportingRuntimes`, `RuntimeSupportsModel`,
 * `sortServingRuntimeList`, `sortSupportedRuntimeByPriority` (pkg/apis/serving/v1beta1/predictor_model.go),
 * `ServingRuntimeSpec.IsProtocolVersionSupported` (v1alpha1) and `Predictor.reconcileModel`
 * (pkg/controller/v1beta1/inferenceservice/components/predictor.go). Where this and KServe disagree, KServe is right.
 */
import type { ServingRuntime } from './k8s-objects';

export const PROTOCOLS = ['v1', 'v2', 'grpc-v1', 'grpc-v2'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export type RuntimeFormat = { name: string; version?: string | undefined; autoSelect?: boolean; priority?: number };

/** A runtime the user can see, reduced to what selection reads. */
export type RuntimeOffer = {
  name: string;
  scope: 'namespace' | 'cluster';
  creationTimestamp?: string | undefined;
  formats: RuntimeFormat[];
  protocols: string[];
  disabled: boolean;
  multiModel: boolean;
  /** `spec.workerSpec` is set: a multi-node runtime, only for InferenceServices with a `workerSpec`. */
  multiNode: boolean;
};

/** What selection reads from `spec.predictor.model` (and whether the predictor has a `workerSpec`). */
export type ModelRequest = {
  format: string;
  version?: string | undefined;
  /** Named runtime (`model.runtime`); absent: KServe auto-selects. */
  runtime?: string | undefined;
  /** `model.protocolVersion`; absent: v1 for matching, then the picked runtime's first protocol. */
  protocol?: string | undefined;
  multiNode?: boolean;
};

export type SelectionFailureReason = 'RuntimeNotRecognized' | 'RuntimeDisabled' | 'NoSupportingRuntime';

export type Selection =
  | { ok: true; runtime: RuntimeOffer; protocol: string; auto: boolean }
  /** `reason`/`message`: KServe's `status.modelStatus.lastFailureInfo`; `error`: its reconcile error. */
  | { ok: false; reason: SelectionFailureReason; message: string; error: string };

/** Reduce ServingRuntimes / ClusterServingRuntimes (as read by `servingRuntimeSchema`) to offers. */
export function runtimeOffers(
  namespaced: readonly ServingRuntime[],
  cluster: readonly ServingRuntime[],
): RuntimeOffer[] {
  const offer = (rt: ServingRuntime, scope: RuntimeOffer['scope']): RuntimeOffer => ({
    name: rt.metadata.name,
    scope,
    creationTimestamp: rt.metadata.creationTimestamp,
    formats: rt.spec.supportedModelFormats.map((f) => ({
      name: f.name,
      ...(f.version !== undefined ? { version: f.version } : {}),
      ...(f.autoSelect !== undefined ? { autoSelect: f.autoSelect } : {}),
      ...(f.priority !== undefined ? { priority: f.priority } : {}),
    })),
    protocols: rt.spec.protocolVersions,
    disabled: rt.spec.disabled === true,
    multiModel: rt.spec.multiModel === true,
    multiNode: (rt.spec as Record<string, unknown>).workerSpec != null,
  });
  return [...namespaced.map((r) => offer(r, 'namespace')), ...cluster.map((r) => offer(r, 'cluster'))];
}

const protocolRank: Record<string, number> = { v1: 1, v2: 2, 'grpc-v1': 3, 'grpc-v2': 4 };
const UNKNOWN_RANK = 5;

/** `GetProtocolVersionPriority`: the best-ranked protocol a runtime lists (v1 < v2 < grpc-v1 < grpc-v2). */
function protocolPriority(protocols: readonly string[]): number {
  if (protocols.length === 0) return UNKNOWN_RANK;
  return Math.min(...protocols.map((p) => protocolRank[p] ?? UNKNOWN_RANK));
}

/** `IsProtocolVersionSupported`: a runtime that lists no protocol supports any. */
export function supportsProtocol(rt: RuntimeOffer, protocol: string | undefined): boolean {
  if (!protocol || rt.protocols.length === 0) return true;
  return rt.protocols.includes(protocol);
}

/** `RuntimeSupportsModel`: format labels `mt:NAME` and `mt:NAME:VERSION`; only auto-select formats unless named. */
export function supportsModel(rt: RuntimeOffer, model: ModelRequest): boolean {
  const labels = new Set<string>();
  for (const f of rt.formats) {
    if (model.runtime !== undefined || f.autoSelect === true) {
      labels.add(`mt:${f.name}`);
      if (f.version !== undefined) labels.add(`mt:${f.name}:${f.version}`);
    }
  }
  return labels.has(model.version !== undefined ? `mt:${model.format}:${model.version}` : `mt:${model.format}`);
}

/** `sortServingRuntimeList`: protocol priority, then newest first, then name. */
function byProtocolAgeName(a: RuntimeOffer, b: RuntimeOffer): number {
  const pa = protocolPriority(a.protocols);
  const pb = protocolPriority(b.protocols);
  if (pa !== pb) return pa - pb;
  const ta = Date.parse(a.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.creationTimestamp ?? '') || 0;
  if (ta !== tb) return tb - ta;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function priorityOf(rt: RuntimeOffer, format: string): number | undefined {
  return rt.formats.find((f) => f.name === format)?.priority;
}

/** `sortSupportedRuntimeByPriority`: higher priority first; with a priority before without; ties keep order. */
function byFormatPriority(list: RuntimeOffer[], format: string): RuntimeOffer[] {
  return list
    .map((rt, i) => ({ rt, i, p: priorityOf(rt, format) }))
    .sort((x, y) => {
      if (x.p === undefined && y.p === undefined) return x.i - y.i;
      if (x.p === undefined) return 1;
      if (y.p === undefined) return -1;
      return y.p - x.p || x.i - y.i;
    })
    .map((e) => e.rt);
}

/**
 * `GetSupportingRuntimes` for single-model serving: the runtimes KServe would consider for an auto-selected
 * model, best first (namespace ServingRuntimes before ClusterServingRuntimes). The protocol defaults to v1.
 */
export function supportingRuntimes(model: ModelRequest, offers: readonly RuntimeOffer[]): RuntimeOffer[] {
  const request = { ...model, runtime: undefined };
  const protocol = model.protocol ?? 'v1';
  const eligible = (rt: RuntimeOffer) =>
    !rt.disabled &&
    !rt.multiModel &&
    supportsModel(rt, request) &&
    supportsProtocol(rt, protocol) &&
    rt.multiNode === (model.multiNode === true);
  const scoped = (scope: RuntimeOffer['scope']) =>
    byFormatPriority(
      offers
        .filter((o) => o.scope === scope)
        .sort(byProtocolAgeName)
        .filter(eligible),
      model.format,
    );
  return [...scoped('namespace'), ...scoped('cluster')];
}

/** The protocol KServe writes into the spec when none is given: the runtime's best-ranked one (v1 if none). */
export function defaultProtocol(rt: RuntimeOffer): string {
  const rank = protocolPriority(rt.protocols);
  return Object.entries(protocolRank).find(([, r]) => r === rank)?.[0] ?? 'v1';
}

function formatText(model: ModelRequest): string {
  return `{${model.format} ${model.version ?? '<nil>'}}`;
}

/** `Predictor.reconcileModel`: the runtime KServe uses for this model, or the failure it records. */
export function selectRuntime(model: ModelRequest, offers: readonly RuntimeOffer[]): Selection {
  if (model.runtime !== undefined) {
    const name = model.runtime;
    // GetServingRuntime: a namespace ServingRuntime of that name wins over a ClusterServingRuntime.
    const found =
      offers.find((o) => o.scope === 'namespace' && o.name === name) ??
      offers.find((o) => o.scope === 'cluster' && o.name === name);
    if (!found)
      return {
        ok: false,
        reason: 'RuntimeNotRecognized',
        message: 'Waiting for runtime to become available',
        error: `no runtime found with name ${name}`,
      };
    if (found.disabled)
      return {
        ok: false,
        reason: 'RuntimeDisabled',
        message: 'Specified runtime is disabled',
        error: `specified runtime ${name} is disabled`,
      };
    if (model.protocol !== undefined && !supportsProtocol(found, model.protocol))
      return {
        ok: false,
        reason: 'NoSupportingRuntime',
        message: 'Specified runtime does not support specified protocol version',
        error: `specified runtime ${name} does not support specified protocol version`,
      };
    if (!supportsModel(found, model))
      return {
        ok: false,
        reason: 'NoSupportingRuntime',
        message: 'Specified runtime does not support specified framework/version',
        error: `specified runtime ${name} does not support specified framework/version`,
      };
    return { ok: true, runtime: found, protocol: model.protocol ?? defaultProtocol(found), auto: false };
  }
  const first = supportingRuntimes(model, offers)[0];
  if (!first)
    return {
      ok: false,
      reason: 'NoSupportingRuntime',
      message: 'No runtime found to support specified framework/version',
      error: `no runtime found to support predictor with model type: ${formatText(model)}`,
    };
  return { ok: true, runtime: first, protocol: model.protocol ?? defaultProtocol(first), auto: true };
}
