import {
  INFERENCE_GRAPH,
  kindApiPaths,
  type ObjectList,
  objectListSchema,
  type WriteResult,
  writeResultSchema,
} from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson, sendRaw } from '@/lib/http';
import { rawObjectSchema } from '@/lib/isvc-queries';

const G = INFERENCE_GRAPH;

/** Query keys of the graph feature (its own tree: nothing else reads graphs). */
export const graphKeys = {
  all: ['graphs'] as const,
  list: (ns: string) => ['graphs', 'list', ns] as const,
  one: (ns: string, name: string) => ['graphs', 'detail', ns, name] as const,
  schema: ['schema', 'inferencegraph'] as const,
};

/** The list of a namespace (or `_all`); kept fresh by the list page's watch stream. */
export const graphListQuery = (ns: string) =>
  queryOptions({
    queryKey: graphKeys.list(ns),
    queryFn: ({ signal }): Promise<ObjectList> => requestJson(kindApiPaths.list(G, ns), objectListSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const graphQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: graphKeys.one(ns, name),
    queryFn: ({ signal }) => requestJson(kindApiPaths.object(G, ns, name), rawObjectSchema, { signal }),
  });

/** The InferenceGraph CRD's schema, for the YAML tab's checks and completion. */
export const graphSchemaQuery = queryOptions({
  queryKey: graphKeys.schema,
  queryFn: ({ signal }) => requestJson(kindApiPaths.schema(G), rawObjectSchema, { signal }),
  staleTime: 10 * 60_000,
});

/** Replace the graph (strict field validation; `dryRun` checks without writing). */
export function replaceGraph(ns: string, name: string, obj: unknown, dryRun: boolean): Promise<WriteResult> {
  return requestJson(kindApiPaths.object(G, ns, name), writeResultSchema, {
    method: 'PUT',
    json: obj,
    query: { fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) },
  });
}

export type GraphAnswer = { status: number; ms: number; body: string; contentType: string };

/** POST a request body to the graph's router (the BFF sends it to the graph's status URL only). */
export async function sendToGraph(ns: string, name: string, body: string): Promise<GraphAnswer> {
  const started = performance.now();
  const res = await sendRaw(kindApiPaths.infer(G, ns, name, '/'), {
    method: 'POST',
    body,
    contentType: 'application/json',
  });
  const text = await res.text();
  return {
    status: res.status,
    ms: Math.round(performance.now() - started),
    body: text,
    contentType: res.headers.get('content-type') ?? '',
  };
}
