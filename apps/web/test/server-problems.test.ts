import type { ApiError } from '@servedeck/shared';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEM_MESSAGE, serverProblems } from '../src/features/yaml-editor/problems';
import { parseYaml } from '../src/lib/yaml-paths';

const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
spec:
  predictor:
    minReplicas: two
    model:
      modelFormat:
        name: sklearn
`;
/** What real KServe v0.20.0's mutating webhook answers for `minReplicas: two` (no `details.causes`). */
const defaulterMessage =
  'admission webhook "inferenceservice.kserve-webhook-server.defaulter" denied the request: json: cannot unmarshal ' +
  'string into Go struct field PredictorSpec.spec.predictor.ComponentExtensionSpec.minReplicas of type int32';
const bad = (message: string, causes: ApiError['causes'] = []): ApiError => ({
  status: 400,
  reason: 'BadRequest',
  message,
  causes,
});

describe('serverProblems', () => {
  it("puts KServe's cause-less defaulter refusal on the line of the field its message names", () => {
    const [p, ...rest] = serverProblems(parseYaml(text), bad(defaulterMessage));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 7, column: 5, severity: 'error', source: 'server (BadRequest)' });
    expect(p?.unlocated).toBeUndefined();
    expect(p?.message).toBe(`spec.predictor.minReplicas: ${defaulterMessage}`);
  });

  it('a refusal that names no field is about the whole object: unlocated, not a marker on line 1', () => {
    const message =
      'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: exactly one of ' +
      '[Name, SKLearn, XGBoost] must be specified in PredictorSpec';
    const [p] = serverProblems(parseYaml(text), { ...bad(message), status: 403, reason: 'Forbidden' });
    expect(p).toMatchObject({ unlocated: true, message, source: 'server (Forbidden)' });
  });

  it('a message naming a field that is not in the draft: its deepest ancestor there, else unlocated', () => {
    const [under] = serverProblems(parseYaml(text), bad('spec.predictor.maxReplicas: Required value'));
    expect(under).toMatchObject({ line: 6, message: 'spec.predictor.maxReplicas: Required value' });
    const [none] = serverProblems(parseYaml(text), bad('status.url: Required value, unknown field "nowhere.at.all"'));
    expect(none?.unlocated).toBe(true);
    const [proto] = serverProblems(parseYaml(text), bad('unknown field "__proto__.toString"'));
    expect(proto?.unlocated).toBe(true);
  });

  it('field causes keep their lines; a cause whose field is missing from the draft is unlocated', () => {
    const problems = serverProblems(parseYaml(text), {
      ...bad('is invalid'),
      status: 422,
      reason: 'Invalid',
      causes: [
        { message: 'Invalid value: "string"', field: 'spec.predictor.minReplicas' },
        { message: 'Required value', field: 'status.modelStatus' },
        { message: 'Invalid value', field: 'metadata.name' },
      ],
    });
    expect(problems.map((p) => [p.unlocated ? 'unlocated' : p.line, p.message])).toEqual([
      [7, 'spec.predictor.minReplicas: Invalid value: "string"'],
      ['unlocated', 'status.modelStatus: Required value'],
      [4, 'metadata.name: Invalid value'],
    ]);
  });

  it('several documents: a problem of one without a field is marked at that document', () => {
    const two = `${text}---\n${text.replace('sklearn-iris', 'second')}`;
    const [p] = serverProblems(parseYaml(two), bad('denied'), 1);
    expect(p).toMatchObject({ line: 12, message: 'denied' });
    expect(p?.unlocated).toBeUndefined();
  });

  it('hostile messages: a huge one is clipped, HTML is kept as text, a draft that does not parse still lists it', () => {
    const huge = `<b>${'x'.repeat(MAX_PROBLEM_MESSAGE * 50)}</b>`;
    const [p] = serverProblems(parseYaml(text), bad(huge));
    expect(p?.message.length).toBe(MAX_PROBLEM_MESSAGE + 1);
    expect(p?.message.startsWith('<b>xxx')).toBe(true);
    expect(p?.message.endsWith('…')).toBe(true);
    const [q] = serverProblems(parseYaml('a: [oops\n'), bad(defaulterMessage));
    expect(q).toMatchObject({ unlocated: true, message: defaulterMessage });
  });
});
