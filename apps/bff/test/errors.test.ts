import { describe, expect, it } from 'vitest';
import { k8sError, parseWarnings } from '../src/k8s/errors';

describe('k8sError', () => {
  it('maps a Kubernetes Status with field causes', () => {
    const err = k8sError(
      422,
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Invalid',
        code: 422,
        message: 'InferenceService "x" is invalid',
        details: { causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value', field: 'spec.predictor' }] },
      }),
    );
    expect(err.apiError).toEqual({
      status: 422,
      reason: 'Invalid',
      message: 'InferenceService "x" is invalid',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value', field: 'spec.predictor' }],
    });
  });

  it('keeps a non-JSON body as the message and derives the reason from the status', () => {
    expect(k8sError(403, 'RBAC: access denied').apiError).toMatchObject({
      status: 403,
      reason: 'Forbidden',
      message: 'RBAC: access denied',
    });
    expect(k8sError(502, '').apiError).toMatchObject({ status: 502, reason: 'BadGateway' });
  });
});

describe('parseWarnings', () => {
  it('reads one warning per header and joined headers', () => {
    expect(parseWarnings('299 - "unknown field \\"spec.x\\""')).toEqual(['unknown field "spec.x"']);
    expect(parseWarnings(['299 - "a, b"', '299 - "c"'])).toEqual(['a, b', 'c']);
    expect(parseWarnings('299 - "a", 299 - "b"')).toEqual(['a', 'b']);
    expect(parseWarnings(undefined)).toEqual([]);
  });
});
