import * as fixtures from '@servedeck/shared/fixtures';
import { describe, expect, it } from 'vitest';
import { applyFix, localProblems } from '../src/features/yaml-editor/problems';
import { parseYaml } from '../src/lib/yaml-paths';

const problemsOf = (text: string) => localProblems(parseYaml(text), fixtures.isvcSchemaFixture);

describe('quick fixes for "did you mean" hints', () => {
  it('offers protocolVersion for the seed typo, and applying it leaves no problem', () => {
    const [typo] = problemsOf(fixtures.seedTypoYaml);
    expect(typo?.fix).toEqual({ title: 'Change ProtocolVersion to protocolVersion', text: 'protocolVersion' });
    const fixed = applyFix(fixtures.seedTypoYaml, typo ?? ({} as never));
    expect(fixed).toBe(fixtures.seedTypoYaml.replace('ProtocolVersion', 'protocolVersion'));
    expect(problemsOf(fixed)).toEqual([]);
  });

  it('fixes every suggestion, one after another, wherever the key is', () => {
    let text =
      'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: a\nspec:\n  predictor:\n    minReplica: 1\n    sklearn:\n      storageURI: gs://x\n';
    for (let i = 0; i < 5; i++) {
      const p = problemsOf(text).find((x) => x.fix);
      if (!p) break;
      text = applyFix(text, p);
    }
    expect(problemsOf(text)).toEqual([]);
    expect(text).toContain('    minReplicas: 1\n');
    expect(text).toContain('      storageUri: gs://x\n');
  });

  it('leaves text alone for a problem without a fix', () => {
    const [p] = problemsOf('a: [1\n');
    expect(p?.fix).toBeUndefined();
    expect(applyFix('a: [1\n', p ?? ({} as never))).toBe('a: [1\n');
  });
});
