import { LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { useKindListWatch, useKindWatch } from '@/lib/kind-watch';
import type { StreamStatus } from '@/lib/watch';
import { llmKeys } from '../api/llm';

/** Live list: the namespace's watch stream folded into the list query's cache entry. */
export const useLlmListWatch = (ns: string, enabled: boolean): StreamStatus =>
  useKindListWatch(LLM_INFERENCE_SERVICE, llmKeys, ns, enabled);

/** Live details: the service's own stream into its query (its owned objects are not shown here). */
export const useLlmWatch = (ns: string, name: string): StreamStatus =>
  useKindWatch(LLM_INFERENCE_SERVICE, llmKeys, ns, name);
