import { describe, expect, it } from 'vitest';
import { apiPaths, authPaths } from '../src/api-routes';

describe('apiPaths', () => {
  it('encodes names so they cannot escape their path segment', () => {
    expect(apiPaths.isvc('kubeflow-user-example-com', 'sklearn-iris')).toBe(
      '/api/namespaces/kubeflow-user-example-com/inferenceservices/sklearn-iris',
    );
    expect(apiPaths.isvc('a/../b', 'x?y')).toBe('/api/namespaces/a%2F..%2Fb/inferenceservices/x%3Fy');
  });
  it('joins protocol paths to the inference proxy', () => {
    expect(apiPaths.isvcInfer('ns', 'm', '/v2/models/m/infer')).toBe(
      '/api/namespaces/ns/inferenceservices/m/infer/v2/models/m/infer',
    );
    expect(apiPaths.isvcInfer('ns', 'm', 'v1/models/m:predict')).toBe(
      '/api/namespaces/ns/inferenceservices/m/infer/v1/models/m:predict',
    );
  });
  it('carries the return path of a login', () => {
    expect(authPaths.login('/ns/a/isvc/b?tab=yaml')).toBe('/auth/login?returnTo=%2Fns%2Fa%2Fisvc%2Fb%3Ftab%3Dyaml');
  });
});
