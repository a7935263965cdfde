import { INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import { sendRaw } from '@/lib/http';
import { kindKeys, kindListQuery, kindQuery } from '@/lib/kind-queries';

const G = INFERENCE_GRAPH;

/** Query keys of the graph feature (its own tree: nothing else reads graphs). */
export const graphKeys = kindKeys('graphs');

/** The list of a namespace (or `_all`); kept fresh by the list page's watch stream. */
export const graphListQuery = (ns: string) => kindListQuery(G, graphKeys, ns);

export const graphQuery = (ns: string, name: string) => kindQuery(G, graphKeys, ns, name);

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
