import { describe, expect, it } from 'vitest';
import { editDistance, findUnknownFields, suggestProperty, withObjectRoot } from '../src/field-hints';
import * as fixtures from '../src/fixtures/index';

describe('unknown-field hints', () => {
  it('flags the seed typo ProtocolVersion and suggests protocolVersion', () => {
    const doc = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'sklearn-iris', anything: { goes: true } },
      spec: { predictor: { sklearn: { ProtocolVersion: 'v2', storageUri: 'gs://x' } } },
    };
    expect(findUnknownFields(doc, withObjectRoot(fixtures.isvcSchemaFixture))).toEqual([
      {
        path: ['spec', 'predictor', 'sklearn', 'ProtocolVersion'],
        key: 'ProtocolVersion',
        suggestion: 'protocolVersion',
        message: 'Unknown field "ProtocolVersion" in spec.predictor.sklearn: did you mean protocolVersion?',
      },
    ]);
  });

  it('suggests by edit distance, walks arrays, and leaves open maps alone', () => {
    const doc = {
      spec: {
        predictor: {
          minReplica: 1,
          model: { storageUri: 's', resources: { limits: { 'nvidia.com/gpu': 1 } }, env: [{ name: 'A', vaule: 'b' }] },
          totallyUnrelated: true,
        },
      },
      status: { whatever: 1 },
    };
    const found = findUnknownFields(doc, fixtures.isvcSchemaFixture);
    expect(found.map((f) => [f.path.join('.'), f.suggestion])).toEqual([
      ['spec.predictor.minReplica', 'minReplicas'],
      ['spec.predictor.model.env.0.vaule', 'value'],
      ['spec.predictor.totallyUnrelated', undefined],
    ]);
  });

  it('computes edit distance and refuses far-fetched suggestions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggestProperty('storageURI', ['storageUri', 'runtime'])).toBe('storageUri');
    expect(suggestProperty('foo', ['storageUri', 'runtime'])).toBeUndefined();
  });
});
