/**
 * What KServe's mutating webhook does to an InferenceService before it is stored: the legacy framework
 * fields (`predictor.sklearn`, `predictor.xgboost`, ...) become `predictor.model` with
 * `modelFormat.name` = the framework, and the framework field is dropped (`setPredictorModelDefaults`).
 * Pure: returns a new spec, never mutates the input.
 */
import { PREDICTOR_FRAMEWORKS } from '@servedeck/shared';
import type { ComponentSpec, InferenceService, ProtocolVersion } from './kserve-types';

export type NormalizedSpec = InferenceService['spec'];

export function normalizeComponent(component: ComponentSpec): ComponentSpec {
  const out: Record<string, unknown> = { ...component };
  for (const fw of PREDICTOR_FRAMEWORKS) {
    const legacy = out[fw];
    if (legacy === undefined || legacy === null || typeof legacy !== 'object') continue;
    delete out[fw];
    if (out.model !== undefined) continue; // model wins; a second framework is a validation error upstream
    out.model = { ...(legacy as Record<string, unknown>), modelFormat: { name: fw } };
  }
  return out as ComponentSpec;
}

export function normalizeSpec(spec: NormalizedSpec): NormalizedSpec {
  const out: NormalizedSpec = { ...spec, predictor: normalizeComponent(spec.predictor) };
  if (spec.transformer) out.transformer = normalizeComponent(spec.transformer);
  if (spec.explainer) out.explainer = normalizeComponent(spec.explainer);
  return out;
}

/** True when normalising changes the stored spec (a legacy framework field is present). */
export function needsNormalization(spec: NormalizedSpec): boolean {
  const comps = [spec.predictor, spec.transformer, spec.explainer].filter((c) => c !== undefined);
  return comps.some((c) => PREDICTOR_FRAMEWORKS.some((fw) => (c as Record<string, unknown>)[fw] !== undefined));
}

/** The protocol a model asks for: explicit, else v2 for triton/vllm formats, else v1. */
export function modelProtocol(model: {
  protocolVersion?: string | undefined;
  modelFormat: { name: string };
}): ProtocolVersion {
  const p = model.protocolVersion;
  if (p === 'v1' || p === 'v2' || p === 'grpc-v1' || p === 'grpc-v2') return p;
  if (model.modelFormat.name === 'triton' || model.modelFormat.name === 'vllm') return 'v2';
  return 'v1';
}
