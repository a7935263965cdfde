import { INFERENCE_GRAPH } from './inference-graph';
import { INFERENCE_SERVICE } from './inference-service';
import { LLM_INFERENCE_SERVICE, LLM_INFERENCE_SERVICE_CONFIG } from './llm-inference-service';
import type { ResourceKind } from './resource-kind';
import { TRAINED_MODEL } from './trained-model';

export * from './condition-rollup';
export * from './graph-layout';
export * from './graph-model';
export * from './inference-graph';
export * from './inference-service';
export * from './inference-service-names';
export * from './llm-inference-service';
export * from './resource-kind';
export * from './trained-model';

/**
 * Every kind ServeDeck handles. Add a kind: its entry (a file of its own) and one line here; the BFF
 * mounts its routes, watches and schema from this list (docs/contracts.md "Resource registry").
 */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  INFERENCE_SERVICE,
  INFERENCE_GRAPH,
  TRAINED_MODEL,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
];

/** The kind whose plural (the BFF's path segment) this is, or undefined. */
export function kindByPlural(plural: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((k) => k.plural === plural);
}

/** The kind whose `kind` (InferenceService) or lower-cased kind (schema route) this is, or undefined. */
export function kindByName(name: string): ResourceKind | undefined {
  const n = name.toLowerCase();
  return RESOURCE_KINDS.find((k) => k.kind.toLowerCase() === n);
}
