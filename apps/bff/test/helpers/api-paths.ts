import { apiPaths } from '@servedeck/shared';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every API route (one example path each), for the "401 without a session" checks. */
export const API_PATHS_FOR_401: Array<[Method, string]> = [
  ['get', apiPaths.me()],
  ['get', apiPaths.namespaces()],
  ['get', apiPaths.isvcs('ns')],
  ['get', apiPaths.isvcs('_all')],
  ['post', apiPaths.isvcs('ns')],
  ['get', apiPaths.isvc('ns', 'x')],
  ['put', apiPaths.isvc('ns', 'x')],
  ['patch', apiPaths.isvc('ns', 'x')],
  ['delete', apiPaths.isvc('ns', 'x')],
  ['get', apiPaths.isvcResources('ns', 'x')],
  ['get', apiPaths.isvcEvents('ns', 'x')],
  ['get', '/api/namespaces/ns/inferenceservice-pods'],
  ['get', apiPaths.isvcsWatch('ns')],
  ['get', apiPaths.isvcWatch('ns', 'x')],
  ['post', apiPaths.isvcInfer('ns', 'x', '/v2/models/x/infer')],
  ['get', apiPaths.isvcInfer('ns', 'x', '/v2/health/ready')],
  ['get', apiPaths.podLog('ns', 'p')],
  ['get', apiPaths.servingRuntimes('ns')],
  ['get', apiPaths.clusterServingRuntimes()],
  ['get', apiPaths.isvcSchema()],
  ['get', '/api/no-such-route'],
];
