import {
  apiPaths,
  historyPaths,
  INFERENCE_GRAPH,
  kindApiPaths,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  metricsPaths,
  type ResourceKind,
  TRAINED_MODEL,
} from '@servedeck/shared';
import type { Express } from 'express';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteName = keyof typeof apiPaths;

/**
 * The methods of every route in packages/shared/src/api-routes.ts. Typed as a complete record: a new
 * entry in `apiPaths` does not compile until it is listed here, and `mountedApiRoutes` checks that every
 * route the BFF mounts is reached by one of these (so a route added in the BFF alone fails too).
 */
export const routeMethods: Record<RouteName, Method[]> = {
  me: ['GET'],
  namespaces: ['GET'],
  isvcs: ['GET', 'POST'],
  isvc: ['GET', 'PUT', 'PATCH', 'DELETE'],
  isvcResources: ['GET'],
  isvcPodCounts: ['GET'],
  isvcEvents: ['GET'],
  isvcsWatch: ['GET'],
  isvcWatch: ['GET'],
  isvcInfer: ['GET', 'POST'],
  podLog: ['GET'],
  isvcLogs: ['GET'],
  isvcModelReadiness: ['GET'],
  servingRuntimes: ['GET'],
  clusterServingRuntimes: ['GET'],
  isvcSchema: ['GET'],
};

/** Routes that stream (SSE or followed logs): read the status, then abort. */
export const streamingRoutes = new Set<RouteCase['route']>([
  'isvcsWatch',
  'isvcWatch',
  'graphsWatch',
  'graphWatch',
  'kindsWatch',
  'kindWatch',
]);

/** Routes of features whose paths live outside `apiPaths` (packages/shared history.ts and metrics.ts). */
export type FeatureRoute =
  | 'history'
  | 'historyRestore'
  | 'isvcMetrics'
  | 'namespaceMetrics'
  | 'graphs'
  | 'graph'
  | 'graphsWatch'
  | 'graphWatch'
  | 'graphInfer'
  | 'graphSchema'
  | 'kinds'
  | 'kind'
  | 'kindsWatch'
  | 'kindWatch'
  | 'kindInfer'
  | 'kindSchema';

export type RouteCase = { route: RouteName | FeatureRoute; method: Method; path: string; body?: unknown };

/**
 * One request per route of `historyPaths` and `metricsPaths`: the authentication suite walks them with the
 * rest (every mounted route must have a case); what each may answer a signed-in user is those features' tests.
 */
export function featureRouteCases(ns: string, name: string): RouteCase[] {
  return [
    { route: 'history', method: 'GET', path: historyPaths.history(ns, name) },
    { route: 'historyRestore', method: 'POST', path: `${historyPaths.restore(ns, name, 1)}?dryRun=true`, body: {} },
    { route: 'isvcMetrics', method: 'GET', path: metricsPaths.isvc(ns, name) },
    { route: 'namespaceMetrics', method: 'GET', path: metricsPaths.namespace(ns) },
    ...graphRouteCases(ns, name),
    ...kindRouteCases(TRAINED_MODEL, ns, name, { spec: { inferenceService: name, model: { framework: 'sklearn' } } }),
    ...kindRouteCases(LLM_INFERENCE_SERVICE, ns, name, { spec: { model: { uri: 'pvc://m/tiny' } } }),
    ...kindRouteCases(LLM_INFERENCE_SERVICE_CONFIG, ns, name, { spec: { replicas: 1 } }),
  ];
}

/** The InferenceGraph routes (registry kind INFERENCE_GRAPH, kindApiPaths); writes are dry runs. */
export function graphRouteCases(ns: string, name: string): RouteCase[] {
  const g = INFERENCE_GRAPH;
  const body = {
    metadata: { name },
    spec: { nodes: { root: { routerType: 'Sequence', steps: [{ serviceName: name }] } } },
  };
  const one = kindApiPaths.object(g, ns, name);
  return [
    { route: 'graphs', method: 'GET', path: kindApiPaths.list(g, ns) },
    { route: 'graphs', method: 'POST', path: `${kindApiPaths.list(g, ns)}?dryRun=All`, body },
    { route: 'graph', method: 'GET', path: one },
    { route: 'graph', method: 'PUT', path: `${one}?dryRun=All`, body },
    { route: 'graph', method: 'PATCH', path: `${one}?dryRun=All`, body: { metadata: { labels: { probe: 'x' } } } },
    { route: 'graph', method: 'DELETE', path: `${one}?dryRun=All` },
    { route: 'graphsWatch', method: 'GET', path: kindApiPaths.listWatch(g, ns) },
    { route: 'graphWatch', method: 'GET', path: kindApiPaths.objectWatch(g, ns, name) },
    {
      route: 'graphInfer',
      method: 'POST',
      path: kindApiPaths.infer(g, ns, name, '/'),
      body: { instances: [[1, 2, 3, 4]] },
    },
    { route: 'graphSchema', method: 'GET', path: kindApiPaths.schema(g) },
  ];
}

/** The routes of a registry kind mounted by objectRoutes and kindWatchRoutes (TrainedModel, LLM kinds); dry-run writes. */
export function kindRouteCases(kind: ResourceKind, ns: string, name: string, spec: object): RouteCase[] {
  const body = { metadata: { name }, ...spec };
  const one = kindApiPaths.object(kind, ns, name);
  return [
    { route: 'kinds', method: 'GET', path: kindApiPaths.list(kind, ns) },
    { route: 'kinds', method: 'POST', path: `${kindApiPaths.list(kind, ns)}?dryRun=All`, body },
    { route: 'kind', method: 'GET', path: one },
    { route: 'kind', method: 'PUT', path: `${one}?dryRun=All`, body },
    { route: 'kind', method: 'PATCH', path: `${one}?dryRun=All`, body: { metadata: { labels: { probe: 'x' } } } },
    { route: 'kind', method: 'DELETE', path: `${one}?dryRun=All` },
    { route: 'kindsWatch', method: 'GET', path: kindApiPaths.listWatch(kind, ns) },
    { route: 'kindWatch', method: 'GET', path: kindApiPaths.objectWatch(kind, ns, name) },
    ...(kind.console.includes('openai')
      ? [
          {
            route: 'kindInfer' as const,
            method: 'POST' as const,
            path: kindApiPaths.infer(kind, ns, name, '/v1/chat/completions'),
            body: { model: name, messages: [{ role: 'user', content: 'hi' }] },
          },
        ]
      : []),
    { route: 'kindSchema', method: 'GET', path: kindApiPaths.schema(kind) },
  ];
}

/**
 * One concrete request per (route, method) for a namespace, an InferenceService name and a pod name.
 * Writes carry a plausible body; `dryRun=All` keeps a write that would be allowed from changing anything.
 */
export function routeCases(ns: string, name: string, pod: string): RouteCase[] {
  const pathOf: Record<RouteName, string> = {
    me: apiPaths.me(),
    namespaces: apiPaths.namespaces(),
    isvcs: apiPaths.isvcs(ns),
    isvc: apiPaths.isvc(ns, name),
    isvcResources: apiPaths.isvcResources(ns, name),
    isvcPodCounts: apiPaths.isvcPodCounts(ns),
    isvcEvents: apiPaths.isvcEvents(ns, name),
    isvcsWatch: apiPaths.isvcsWatch(ns),
    isvcWatch: apiPaths.isvcWatch(ns, name),
    isvcInfer: apiPaths.isvcInfer(ns, name, `/v1/models/${name}:predict`),
    podLog: `${apiPaths.podLog(ns, pod)}?tailLines=5`,
    isvcLogs: `${apiPaths.isvcLogs(ns, name)}?tailLines=5`,
    isvcModelReadiness: apiPaths.isvcModelReadiness(ns, name),
    servingRuntimes: apiPaths.servingRuntimes(ns),
    clusterServingRuntimes: apiPaths.clusterServingRuntimes(),
    isvcSchema: apiPaths.isvcSchema(),
  };
  const out: RouteCase[] = [];
  for (const route of Object.keys(routeMethods) as RouteName[]) {
    for (const method of routeMethods[route]) {
      let path = pathOf[route];
      let body: unknown;
      if (route === 'isvcs' && method === 'POST') {
        path += '?dryRun=All';
        body = { metadata: { name }, spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } } };
      } else if (route === 'isvc' && method === 'PUT') {
        path += '?dryRun=All';
        body = { metadata: { name }, spec: { predictor: { model: { modelFormat: { name: 'sklearn' } } } } };
      } else if (route === 'isvc' && method === 'PATCH') {
        path += '?dryRun=All';
        body = { metadata: { annotations: { 'servedeck.dev/probe': 'x' } } };
      } else if (route === 'isvc' && method === 'DELETE') {
        path += '?dryRun=All';
      } else if (route === 'isvcInfer' && method === 'POST') {
        body = { instances: [[6.8, 2.8, 4.8, 1.4]] };
      } else if (route === 'isvcInfer' && method === 'GET') {
        path = apiPaths.isvcInfer(ns, name, `/v1/models/${name}`);
      }
      out.push({ route, method, path, ...(body === undefined ? {} : { body }) });
    }
  }
  return out;
}

type Layer = {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
};

/** (method, path pattern) of every route mounted under /api in the Express app. */
export function mountedApiRoutes(app: Express): Array<{ method: string; pattern: string }> {
  const out: Array<{ method: string; pattern: string }> = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          if (!p.startsWith('/api')) continue;
          const methods = Object.entries(layer.route.methods).filter(([, on]) => on);
          // app.all() registers every HTTP method (or `_all`): one ALL entry
          if (methods.length > 8 || methods.some(([m]) => m === '_all')) out.push({ method: 'ALL', pattern: p });
          else for (const [m] of methods) out.push({ method: m.toUpperCase(), pattern: p });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(router.stack);
  return out;
}

/** Does an Express path pattern (`/a/:x/b/*rest`) match a concrete path (query ignored)? */
export function patternMatches(pattern: string, path: string): boolean {
  const bare = path.split('?')[0] ?? path;
  const re = new RegExp(
    `^${pattern
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.startsWith('*') ? '.+' : seg.replace(/[.]/g, '\\.')))
      .join('/')}$`,
  );
  return re.test(bare);
}
