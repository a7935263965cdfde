import * as fixtures from '@servedeck/shared/fixtures';
import { describe, expect, it } from 'vitest';
import { causePath, fieldPathSegments, parseYaml, rangeForPath } from '../src/lib/yaml-paths';

const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
spec:
  predictor:
    minReplicas: "two"
    containers:
      - name: kserve-container
        image: example/image:1
    model:
      modelFormat:
        name: sklearn
`;

describe('field path → YAML range', () => {
  it('splits Kubernetes field paths, with indexes and bracketed keys', () => {
    expect(fieldPathSegments('spec.predictor.containers[0].image')).toEqual([
      'spec',
      'predictor',
      'containers',
      0,
      'image',
    ]);
    expect(fieldPathSegments('.metadata.labels[app.kubernetes.io/name]')).toEqual([
      'metadata',
      'labels',
      'app.kubernetes.io/name',
    ]);
  });

  it('finds the key of the field on its line and column', () => {
    const p = parseYaml(text);
    const doc = p.docs[0]?.doc;
    if (!doc) throw new Error('no doc');
    expect(rangeForPath(doc, ['spec', 'predictor', 'minReplicas'], p.lineCounter)).toMatchObject({
      line: 7,
      column: 5,
    });
    expect(rangeForPath(doc, fieldPathSegments('spec.predictor.containers[0].image'), p.lineCounter)).toMatchObject({
      line: 10,
      column: 9,
    });
    // A missing field falls back to its deepest existing ancestor.
    expect(rangeForPath(doc, ['spec', 'predictor', 'model', 'storageUri'], p.lineCounter)).toMatchObject({
      line: 11,
      column: 5,
    });
  });

  it('reads the path of an unknown field from a strict-validation message', () => {
    expect(causePath({ message: 'unknown field "spec.predictor.sklearn.ProtocolVersion"', field: '' })).toEqual([
      'spec',
      'predictor',
      'sklearn',
      'ProtocolVersion',
    ]);
  });

  it('reports syntax errors with line and column, and splits multi-document YAML', () => {
    const bad = parseYaml('a: 1\nb: [1, 2\nc: 3\n');
    expect(bad.errors[0]).toMatchObject({ severity: 'error', line: expect.any(Number), column: expect.any(Number) });
    expect(bad.errors[0]?.message).toMatch(/^YAML syntax: .*\(line \d+, column \d+\)$/);
    expect(parseYaml(`${fixtures.seedTypoYaml}---\n${text}---\n`).docs).toHaveLength(2);
  });
});
