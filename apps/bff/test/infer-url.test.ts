import { describe, expect, it } from 'vitest';
import { HttpApiError } from '../src/http/api-error';
import { inferTarget, matchInferUrl } from '../src/inference/infer-url';

const status = (f: () => unknown): number | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return err instanceof HttpApiError ? err.apiError.status : -1;
  }
};

describe('matchInferUrl', () => {
  it('takes the namespace, name, raw protocol path and query of an inference URL', () => {
    expect(matchInferUrl('/api/namespaces/ns/inferenceservices/x/infer/v2/models/x/infer?route=gateway')).toEqual({
      ns: 'ns',
      name: 'x',
      rawPath: '/v2/models/x/infer',
      query: 'route=gateway',
    });
    expect(matchInferUrl('/api/namespaces/ns/inferenceservices/x/infer/%2e%2e/metrics')?.rawPath).toBe(
      '/%2e%2e/metrics',
    );
  });

  it('leaves every other URL alone', () => {
    expect(matchInferUrl('/api/namespaces/ns/inferenceservices/x')).toBeUndefined();
    expect(matchInferUrl('/api/namespaces/ns/inferenceservices/x/infer')).toBeUndefined();
    expect(matchInferUrl('/api/namespaces/ns/inferenceservices/x/watch')).toBeUndefined();
    expect(matchInferUrl('/api/namespaces/ns/inferenceservices/x/y/infer/v2')).toBeUndefined();
  });

  it('matches the fixed segments in any case, as Express routes do', () => {
    expect(matchInferUrl('/API/Namespaces/ns/InferenceServices/x/INFER/v2/health/ready')?.name).toBe('x');
  });
});

describe('inferTarget', () => {
  it('decodes percent-encoded names (as Express decodes route parameters) before checking them', () => {
    const m = matchInferUrl('/api/namespaces/%6Bubeflow-user/inferenceservices/sklearn%2Diris/infer/v2/health/ready');
    expect(m && inferTarget(m)).toEqual({ ns: 'kubeflow-user', name: 'sklearn-iris' });
  });

  it('refuses invalid or badly encoded names with 400', () => {
    for (const [ns, name] of [
      ['%2e%2e', 'x'],
      ['ns', '%2e%2e'],
      ['ns', 'a%2Fb'],
      ['ns', '%zz'],
      ['UPPER', 'x'],
      ['ns', 'with%20space'],
    ] as const) {
      expect(
        status(() => inferTarget({ ns, name, rawPath: '/v2', query: '' })),
        `${ns}/${name}`,
      ).toBe(400);
    }
  });
});
