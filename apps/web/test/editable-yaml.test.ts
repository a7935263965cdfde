import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toEditableYaml, withResourceVersion } from '../src/features/yaml-editor/editable-yaml';

describe('withResourceVersion', () => {
  it('replaces the value where it stands, keeping comments and a four-space indent', () => {
    const text = [
      '# mine',
      'metadata:',
      '    name: a # the name',
      "    resourceVersion: '17'",
      'spec:',
      '    predictor: {}',
      '',
    ].join('\n');
    expect(withResourceVersion(text, '42')).toBe(text.replace("'17'", '"42"'));
  });

  it('adds a missing resourceVersion under metadata, keeping comments', () => {
    const text = '# keep me\nmetadata:\n  name: a # and me\nspec: {}\n';
    const out = withResourceVersion(text, '7');
    expect(out).toContain('# keep me');
    expect(out).toContain('# and me');
    expect(parse(out)).toEqual({ metadata: { name: 'a', resourceVersion: '7' }, spec: {} });
  });

  it('adds metadata when there is none', () => {
    expect(parse(withResourceVersion('spec: {}\n', '7'))).toEqual({ spec: {}, metadata: { resourceVersion: '7' } });
  });

  it('leaves text that is not one clean mapping unchanged', () => {
    for (const text of ['a: [1\n', '- 1\n', 'metadata: 3\n', 'a: 1\n---\nb: 2\n']) {
      expect(withResourceVersion(text, '7')).toBe(text);
    }
  });

  it('keeps a numeric-looking version a string', () => {
    expect(parse(withResourceVersion(toEditableYaml({ metadata: { name: 'a' } }), '1001')).metadata).toEqual({
      name: 'a',
      resourceVersion: '1001',
    });
  });
});
