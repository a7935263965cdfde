import { describe, expect, it } from 'vitest';
import { apiErrorFromK8s } from '../src/api-error';

describe('apiErrorFromK8s', () => {
  it('keeps reason, message and field causes of a Kubernetes Status', () => {
    const err = apiErrorFromK8s(422, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'InferenceService.serving.kserve.io "x" is invalid: spec.predictor.minReplicas: Invalid value',
      reason: 'Invalid',
      code: 422,
      details: {
        name: 'x',
        kind: 'InferenceService',
        causes: [
          { reason: 'FieldValueInvalid', message: 'Invalid value: "string"', field: 'spec.predictor.minReplicas' },
        ],
      },
    });
    expect(err).toEqual({
      status: 422,
      reason: 'Invalid',
      message: 'InferenceService.serving.kserve.io "x" is invalid: spec.predictor.minReplicas: Invalid value',
      causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: "string"', field: 'spec.predictor.minReplicas' },
      ],
    });
  });

  it('names the HTTP status when the body is not a Status', () => {
    expect(apiErrorFromK8s(403, 'RBAC: access denied')).toMatchObject({
      status: 403,
      reason: 'Forbidden',
      message: 'RBAC: access denied',
    });
    expect(apiErrorFromK8s(503, undefined)).toMatchObject({ reason: 'ServiceUnavailable', causes: [] });
  });
});
