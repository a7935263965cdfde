import {
  kindApiPaths,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  type ObjectList,
  objectListSchema,
  type WriteResult,
  writeResultSchema,
} from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson, sendRaw } from '@/lib/http';
import { rawObjectSchema } from '@/lib/isvc-queries';
import { readBody } from '@/lib/read-body';

const L = LLM_INFERENCE_SERVICE;

/** Query keys of the LLM feature (its own tree). */
export const llmKeys = {
  list: (ns: string) => ['llm', 'list', ns] as const,
  configs: (ns: string) => ['llm', 'configs', ns] as const,
  one: (ns: string, name: string) => ['llm', 'detail', ns, name] as const,
  schema: ['schema', 'llminferenceservice'] as const,
};

/** The services of a namespace (or `_all`); kept fresh by the list page's watch stream. */
export const llmListQuery = (ns: string) =>
  queryOptions({
    queryKey: llmKeys.list(ns),
    queryFn: ({ signal }): Promise<ObjectList> => requestJson(kindApiPaths.list(L, ns), objectListSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const llmConfigsQuery = (ns: string) =>
  queryOptions({
    queryKey: llmKeys.configs(ns),
    queryFn: ({ signal }): Promise<ObjectList> =>
      requestJson(kindApiPaths.list(LLM_INFERENCE_SERVICE_CONFIG, ns), objectListSchema, { signal }),
  });

export const llmQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: llmKeys.one(ns, name),
    queryFn: ({ signal }) => requestJson(kindApiPaths.object(L, ns, name), rawObjectSchema, { signal }),
  });

/** The LLMInferenceService CRD's schema (v1alpha2), for the YAML tab. */
export const llmSchemaQuery = queryOptions({
  queryKey: llmKeys.schema,
  queryFn: ({ signal }) => requestJson(kindApiPaths.schema(L), rawObjectSchema, { signal }),
  staleTime: 10 * 60_000,
});

/** Replace the service (strict field validation; `dryRun` checks without writing). */
export function replaceLlm(ns: string, name: string, obj: unknown, dryRun: boolean): Promise<WriteResult> {
  return requestJson(kindApiPaths.object(L, ns, name), writeResultSchema, {
    method: 'PUT',
    json: obj,
    query: { fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) },
  });
}

export type OpenAiPath = '/v1/chat/completions' | '/v1/completions' | '/v1/models';
export type OpenAiAnswer = { status: number; ms: number; body: string; streamed: boolean };

/** Send an OpenAI request to the service (the BFF sends it to the service's status URL only); streams are read as they come. */
export async function sendOpenAi(args: {
  ns: string;
  name: string;
  path: OpenAiPath;
  body?: string;
  signal?: AbortSignal;
  onChunk?: (soFar: string) => void;
}): Promise<OpenAiAnswer> {
  const started = performance.now();
  const res = await sendRaw(kindApiPaths.infer(L, args.ns, args.name, args.path), {
    method: args.body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json, text/event-stream;q=0.9' },
    ...(args.body !== undefined ? { body: args.body, contentType: 'application/json' } : {}),
    ...(args.signal ? { signal: args.signal } : {}),
  });
  const { body, streamed } = await readBody(res, args.onChunk);
  return { status: res.status, ms: Math.round(performance.now() - started), body, streamed };
}
