import { fieldOwners } from '@servedeck/shared';
import { describe, expect, it } from 'vitest';
import { ownersByLine, pathsByLine } from '../src/features/yaml-editor/line-owners';
import { parseYaml } from '../src/lib/yaml-paths';

const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: iris
spec:
  predictor:
    minReplicas: 2
    containers:
      - name: kserve-container
        image: x
    model:
      modelFormat:
        name: sklearn
`;

const live = {
  metadata: {
    name: 'iris',
    managedFields: [
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2026-12-06T05:00:00Z',
        fieldsV1: {
          'f:spec': {
            'f:predictor': {
              'f:minReplicas': {},
              'f:containers': { 'k:{"name":"kserve-container"}': { '.': {}, 'f:image': {} } },
              'f:model': { 'f:modelFormat': {} },
            },
          },
        },
      },
    ],
  },
  spec: {
    predictor: {
      minReplicas: 2,
      containers: [{ name: 'kserve-container', image: 'x' }],
      model: { modelFormat: { name: 'sklearn' } },
    },
  },
};

describe('the YAML tab: fields by line', () => {
  it('maps each line to the field it starts', () => {
    const lines = pathsByLine(parseYaml(text));
    expect(lines.get(1)).toEqual(['apiVersion']);
    expect(lines.get(7)).toEqual(['spec', 'predictor', 'minReplicas']);
    expect(lines.get(9)).toEqual(['spec', 'predictor', 'containers', 0]);
    expect(lines.get(10)).toEqual(['spec', 'predictor', 'containers', 0, 'image']);
  });

  it('names the manager of the field on a line, and of a field inside one owned whole', () => {
    const by = ownersByLine(parseYaml(text), fieldOwners(live));
    expect(by.get(7)).toMatchObject({ field: 'spec.predictor.minReplicas', owners: [{ manager: 'kubectl-edit' }] });
    expect(by.get(9)?.field).toBe('spec.predictor.containers[0]');
    expect(by.get(13)).toMatchObject({ field: 'spec.predictor.model.modelFormat.name' });
    expect(by.has(6)).toBe(false); // predictor: nobody owns the map itself
    expect(by.has(1)).toBe(false);
  });

  it('is empty for text that does not parse', () => {
    expect(ownersByLine(parseYaml('a: [\n'), fieldOwners(live)).size).toBe(0);
    expect(pathsByLine(parseYaml('\u0000binary')).size).toBe(0);
  });
});
