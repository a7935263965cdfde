import {
  kindApiPaths,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  type ObjectList,
  objectListSchema,
} from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson, sendRaw } from '@/lib/http';
import { kindKeys, kindListQuery, kindQuery } from '@/lib/kind-queries';
import { readBody } from '@/lib/read-body';

const L = LLM_INFERENCE_SERVICE;

/** Query keys of the LLM feature (its own tree). */
export const llmKeys = { ...kindKeys('llm'), configs: (ns: string) => ['llm', 'configs', ns] as const };

/** The services of a namespace (or `_all`); kept fresh by the list page's watch stream. */
export const llmListQuery = (ns: string) => kindListQuery(L, llmKeys, ns);

export const llmConfigsQuery = (ns: string) =>
  queryOptions({
    queryKey: llmKeys.configs(ns),
    queryFn: ({ signal }): Promise<ObjectList> =>
      requestJson(kindApiPaths.list(LLM_INFERENCE_SERVICE_CONFIG, ns), objectListSchema, { signal }),
  });

export const llmQuery = (ns: string, name: string) => kindQuery(L, llmKeys, ns, name);

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
