import * as fixtures from '@servedeck/shared/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localProblems } from '../src/features/yaml-editor/problems';
import { parseYaml } from '../src/lib/yaml-paths';

/** The editor's whole parse path, as a page runs it on every keystroke. */
function check(text: string) {
  const parsed = parseYaml(text);
  const problems = localProblems(parsed, fixtures.isvcSchemaFixture);
  for (const p of problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
    expect(p.message.length).toBeGreaterThan(0);
  }
  return problems;
}
const errors = (text: string) => check(text).filter((p) => p.severity === 'error');

/** `levels` anchored lists, each of `width` aliases of the one before: width^levels nodes once expanded. */
const aliasBomb = (levels: number, width: number) => {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\n`;
};
const deepFlow = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
const deepBlock = (n: number) => `${Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;

describe("the editor's parse path with hostile input", () => {
  it('never throws on any text (fuzzed), and every problem has a place and a message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        check(text);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on YAML-shaped noise (fuzzed from YAML tokens)', () => {
    const token = fc.constantFrom(
      ...[
        'a',
        ':',
        ' ',
        '\n',
        '  ',
        '- ',
        '&x ',
        '*x',
        '[',
        ']',
        '{',
        '}',
        ',',
        '"',
        "'",
        '|',
        '>',
        '---\n',
        '#',
        '!!str ',
        '? ',
        '<<: *x',
        '\t',
        'spec:',
        'kind: InferenceService',
      ],
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), (tokens) => {
        check(tokens.join(''));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses alias bombs with a problem (fuzzed sizes over the alias limit)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 5, max: 12 }), (levels, width) => {
        expect(errors(aliasBomb(levels, width)).some((p) => /alias/i.test(p.message))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses deep nesting with a problem (flow and block, fuzzed depths)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 201, max: 3000 }), fc.boolean(), (n, flow) => {
        expect(errors(flow ? deepFlow(n) : deepBlock(n)).length).toBeGreaterThan(0);
      }),
      { numRuns: 12 },
    );
  });

  it('marks binary (random bytes read as text) as not YAML, at the first bad character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (bytes, at) => {
        const withNul = Uint8Array.from(bytes);
        withNul[at % withNul.length] = 0;
        const text = new TextDecoder().decode(withNul);
        const [first] = errors(text);
        expect(first?.message).toMatch(/not YAML text/);
      }),
      { numRuns: 200 },
    );
  });

  it('marks a 5 MB scalar as too large without parsing it', () => {
    const text = `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: big\n  annotations:\n    x: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
    const [p] = errors(text);
    expect(p?.message).toMatch(/^The text is 5\.0 MB; ServeDeck sends at most 2\.0 MB/);
  });

  it('keeps ordinary InferenceServices clean', () => {
    expect(errors(fixtures.seedTypoYaml.replace('ProtocolVersion', 'protocolVersion'))).toEqual([]);
    // a few aliases are fine YAML (only unknown top-level fields here)
    expect(parseYaml(aliasBomb(1, 3)).errors).toEqual([]);
  });
});
