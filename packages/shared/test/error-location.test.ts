import { describe, expect, it } from 'vitest';
import { admissionDenial, fieldPathsInMessage, MAX_SCANNED_MESSAGE } from '../src/error-location';

describe('fieldPathsInMessage', () => {
  it("finds the field in KServe's defaulter answer (Go's json type error, struct and embedded names dropped)", () => {
    const message =
      'admission webhook "inferenceservice.kserve-webhook-server.defaulter" denied the request: json: cannot unmarshal ' +
      'string into Go struct field PredictorSpec.spec.predictor.ComponentExtensionSpec.minReplicas of type int32';
    expect(fieldPathsInMessage(message)).toEqual(['spec.predictor.minReplicas']);
  });

  it("finds the apiserver's strict-decoding unknown field, as spelt", () => {
    expect(
      fieldPathsInMessage(
        'InferenceService in version "v1beta1" cannot be handled as a InferenceService: strict decoding error: ' +
          'unknown field "spec.predictor.sklearn.ProtocolVersion", unknown field "spec.foo"',
      ),
    ).toEqual(['spec.predictor.sklearn.ProtocolVersion', 'spec.foo']);
  });

  it('finds aggregated field errors and OpenAPI "in body" errors, with subscripts, once each', () => {
    const message =
      'InferenceService.serving.kserve.io "Not_Valid" is invalid: [metadata.name: Invalid value: "Not_Valid": a ' +
      'lowercase RFC 1123 subdomain must consist of ..., spec.predictor.minReplicas: Invalid value: "string": ' +
      'spec.predictor.minReplicas in body must be of type integer: "string", spec.predictor.containers[0].image: ' +
      'Required value]';
    expect(fieldPathsInMessage(message)).toEqual([
      'metadata.name',
      'spec.predictor.minReplicas',
      'spec.predictor.containers[0].image',
    ]);
  });

  it('names nothing when the message names no field (no guessing)', () => {
    expect(
      fieldPathsInMessage(
        'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: exactly one of ' +
          '[Name, SKLearn, XGBoost] must be specified in PredictorSpec',
      ),
    ).toEqual([]);
    expect(fieldPathsInMessage('')).toEqual([]);
    expect(fieldPathsInMessage('Internal error occurred: failed calling webhook')).toEqual([]);
    expect(fieldPathsInMessage('json: cannot unmarshal string into Go struct field Spec.Embedded of type int')).toEqual(
      [],
    );
  });

  it('hostile input: HTML stays out of paths, and a path is only the field-name characters', () => {
    expect(
      fieldPathsInMessage('<img src=x onerror=alert(1)>: Invalid value, unknown field "<script>alert(1)</script>"'),
    ).toEqual([]);
    expect(fieldPathsInMessage('unknown field "spec.a<b>"')).toEqual([]);
    expect(fieldPathsInMessage('<b>spec.x: Required value</b>')).toEqual([]);
    expect(fieldPathsInMessage('x <b> spec.x: Required value</b>')).toEqual(['spec.x']);
    expect(fieldPathsInMessage('unknown field "__proto__.polluted"')).toEqual(['__proto__.polluted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hostile input: a huge message is scanned only up to its limit, and runaway paths are refused', () => {
    const tail = ' spec.late: Required value';
    expect(fieldPathsInMessage(`${'x'.repeat(MAX_SCANNED_MESSAGE)}${tail}`)).toEqual([]);
    expect(fieldPathsInMessage(`${'x '.repeat(100)}${tail}`)).toEqual(['spec.late']);
    // a repetitive message that would make a backtracking pattern explode still answers
    const dots = `${'a.'.repeat(MAX_SCANNED_MESSAGE / 2)}`;
    expect(fieldPathsInMessage(`${dots}: Invalid`)).toEqual([]);
    expect(fieldPathsInMessage(` ${'a.a'.repeat(3000)} of type`)).toEqual([]);
    const long = `spec.${'x'.repeat(600)}`;
    expect(fieldPathsInMessage(`unknown field "${long}"`)).toEqual([]);
  });
});

describe('admissionDenial', () => {
  it("names the webhook and keeps its words (KServe's validator answers 403, its defaulter 400)", () => {
    expect(
      admissionDenial(
        'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: exactly one of ' +
          '[Name, SKLearn] must be specified in PredictorSpec',
      ),
    ).toEqual({
      webhook: 'inferenceservice.kserve-webhook-server.validator',
      reason: 'exactly one of [Name, SKLearn] must be specified in PredictorSpec',
    });
    expect(admissionDenial('admission webhook "w.example.com" denied the request')).toEqual({
      webhook: 'w.example.com',
      reason: 'admission webhook "w.example.com" denied the request',
    });
  });

  it('is undefined for other errors and for hostile look-alikes', () => {
    expect(admissionDenial('inferenceservices is forbidden: User "alice" cannot create resource')).toBeUndefined();
    expect(admissionDenial('admission webhook "<img src=x onerror=alert(1)>" denied the request: x')).toBeUndefined();
    expect(
      admissionDenial(`${'x'.repeat(MAX_SCANNED_MESSAGE)}admission webhook "w" denied the request`),
    ).toBeUndefined();
  });
});
