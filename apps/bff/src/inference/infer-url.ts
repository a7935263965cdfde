import { apiError } from '../http/api-error';
import { NAME_RE, NAMESPACE_RE } from '../k8s/paths';

/** The inference URL, spelled once: the route label the metrics report, and (below) the pattern taken. */
export const INFER_ROUTE = '/api/namespaces/:ns/inferenceservices/:name/infer/*path';

/**
 * INFER_ROUTE as a pattern on the raw URL (relative to where the app is mounted, SERVEDECK_BASE_PATH):
 * `:ns` and `:name` one segment each, `/*path` the raw protocol path, then the query. Case-insensitive
 * like Express's routing.
 */
const INFER_URL = new RegExp(
  `^${INFER_ROUTE.replace(':ns', '([^/?]+)').replace(':name', '([^/?]+)').replace('/*path', '(/[^?]*)')}(?:\\?(.*))?$`,
  'i',
);

/** The same for an InferenceGraph (registry kind INFERENCE_GRAPH): its router, at the graph's status.url. */
export const GRAPH_INFER_ROUTE = '/api/namespaces/:ns/inferencegraphs/:name/infer/*path';
const GRAPH_INFER_URL = new RegExp(
  `^${GRAPH_INFER_ROUTE.replace(':ns', '([^/?]+)').replace(':name', '([^/?]+)').replace('/*path', '(/[^?]*)')}(?:\\?(.*))?$`,
  'i',
);

/** The same for an LLMInferenceService (registry kind LLM_INFERENCE_SERVICE): OpenAI paths at its status.url. */
export const LLM_INFER_ROUTE = '/api/namespaces/:ns/llminferenceservices/:name/infer/*path';
const LLM_INFER_URL = new RegExp(
  `^${LLM_INFER_ROUTE.replace(':ns', '([^/?]+)').replace(':name', '([^/?]+)').replace('/*path', '(/[^?]*)')}(?:\\?(.*))?$`,
  'i',
);

export type InferUrl = {
  /** Set for an InferenceGraph's URL (GRAPH_INFER_ROUTE). */
  graph?: true;
  /** Set for an LLMInferenceService's URL (LLM_INFER_ROUTE). */
  llm?: true;
  ns: string;
  name: string;
  /** The protocol path as sent (still percent-encoded): checkProtocolPath decides. */
  rawPath: string;
  /** The raw query string, '' when none. */
  query: string;
};

/** The parts of an inference URL, undefined for any other URL. */
export function matchInferUrl(url: string): InferUrl | undefined {
  const m = INFER_URL.exec(url);
  if (!m) {
    const g = GRAPH_INFER_URL.exec(url);
    if (!g) {
      const l = LLM_INFER_URL.exec(url);
      if (!l) return undefined;
      const [, ns = '', name = '', rawPath = '', query = ''] = l;
      return { llm: true, ns, name, rawPath, query };
    }
    const [, ns = '', name = '', rawPath = '', query = ''] = g;
    return { graph: true, ns, name, rawPath, query };
  }
  const [, ns = '', name = '', rawPath = '', query = ''] = m;
  return { ns, name, rawPath, query };
}

/** A name segment, percent-decoded (as Express decodes route parameters), then checked. */
function decoded(raw: string, re: RegExp, what: string): string {
  let v: string;
  try {
    v = decodeURIComponent(raw);
  } catch {
    v = '';
  }
  if (!re.test(v)) throw apiError(400, 'BadRequest', `Invalid ${what}`);
  return v;
}

/** The namespace and name of an inference URL, decoded and checked (400 naming which is invalid). */
export function inferTarget(u: InferUrl): { ns: string; name: string } {
  return { ns: decoded(u.ns, NAMESPACE_RE, 'namespace name'), name: decoded(u.name, NAME_RE, 'name') };
}
