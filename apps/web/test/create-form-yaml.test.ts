import { EMPTY_FORM_FIELDS } from '@servedeck/shared';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFormFields, writeFormFields } from '../src/features/yaml-editor/create/form-yaml';

const seed = `# the seed, with a comment to keep
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
  labels:
    team: a # inline comment
spec:
  predictor:
    minReplicas: 1
    model:
      modelFormat:
        name: sklearn
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
      resources:
        requests:
          cpu: 100m
`;

describe('the form is a view of the YAML draft', () => {
  it('reads the fields from the text', () => {
    const r = readFormFields(seed);
    expect(r).toEqual({
      ok: true,
      fields: {
        ...EMPTY_FORM_FIELDS,
        name: 'sklearn-iris',
        format: 'sklearn',
        storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
        cpuRequest: '100m',
        minReplicas: '1',
      },
    });
  });

  it('writes only the changed field and keeps comments, other fields and key order', () => {
    const before = readFormFields(seed);
    if (!before.ok) throw new Error('unreadable');
    const out = writeFormFields(seed, before.fields, { ...before.fields, runtime: 'kserve-mlserver', version: '1' });
    expect(out).toContain('# the seed, with a comment to keep');
    expect(out).toContain('team: a # inline comment');
    expect(out).toMatch(/modelFormat:\n {8}name: sklearn\n {8}version: "1"\n/);
    const obj = parse(out) as { spec: { predictor: { model: Record<string, unknown> } } };
    expect(obj.spec.predictor.model.runtime).toBe('kserve-mlserver');
    expect(Object.keys(obj.spec.predictor.model)).toEqual(['modelFormat', 'storageUri', 'resources', 'runtime']);
    // The form reads back what it wrote: one draft, two views.
    expect(readFormFields(out)).toEqual({
      ok: true,
      fields: { ...before.fields, runtime: 'kserve-mlserver', version: '1' },
    });
  });

  it('writes replicas as numbers and removes emptied fields with the maps they leave empty', () => {
    const before = readFormFields(seed);
    if (!before.ok) throw new Error('unreadable');
    const out = writeFormFields(seed, before.fields, {
      ...before.fields,
      cpuRequest: '',
      minReplicas: '2',
      maxReplicas: '3',
    });
    const obj = parse(out) as { spec: { predictor: Record<string, unknown> & { model: Record<string, unknown> } } };
    expect(obj.spec.predictor.minReplicas).toBe(2);
    expect(obj.spec.predictor.maxReplicas).toBe(3);
    expect(obj.spec.predictor.model.resources).toBeUndefined();
  });

  it('starts an InferenceService from an empty text', () => {
    const out = writeFormFields('', EMPTY_FORM_FIELDS, { ...EMPTY_FORM_FIELDS, name: 'm', format: 'onnx' });
    expect(parse(out)).toEqual({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'm' },
      spec: { predictor: { model: { modelFormat: { name: 'onnx' } } } },
    });
  });

  it('says why a text cannot be shown as the form, and leaves it alone', () => {
    expect(readFormFields('a: [')).toEqual({ ok: false, reason: 'syntax' });
    expect(readFormFields('kind: InferenceService\n---\nkind: InferenceService\n')).toEqual({
      ok: false,
      reason: 'several',
    });
    expect(readFormFields('apiVersion: v1\nkind: ConfigMap\n')).toEqual({ ok: false, reason: 'notIsvc' });
    expect(readFormFields('- a\n')).toEqual({ ok: false, reason: 'notIsvc' });
    expect(writeFormFields('a: [', EMPTY_FORM_FIELDS, { ...EMPTY_FORM_FIELDS, name: 'x' })).toBe('a: [');
  });
});
