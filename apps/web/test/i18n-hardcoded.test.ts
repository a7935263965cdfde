import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No user-facing text in components outside the catalogues: JSX text, string literals and template text as
 * JSX children, and literal values of the attributes and props that people read or hear (aria-label,
 * title, placeholder, alt, ...), in every `.tsx` under src.
 */
const SRC = join(import.meta.dirname, '../src');

/** Attributes and props whose value is read by people (our components' text props included). */
const TEXT_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'caption',
  'header',
  'what',
  'detail',
  'message',
  'modifiedLabel',
  'originalLabel',
]);

/** Words that are the same in every language: names, not prose. */
const SAME_EVERYWHERE = new Set(['ServeDeck', 'KServe', 'YAML', 'JSON', 'curl', 'V1', 'V2', 'gRPC', 'OpenAI']);

/**
 * Files or folders (ending in /) still to be translated, with why. Each entry must still have findings (so the list shrinks as
 * work lands). Empty when issue 21 is done.
 */
const PENDING: Record<string, string> = {};
const pending = (file: string) => Object.keys(PENDING).some((p) => file.startsWith(p));

const hasWords = (s: string) => /\p{L}{2,}/u.test(s) && !SAME_EVERYWHERE.has(s.trim());

type Finding = { file: string; line: number; text: string };

function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Finding[] = [];
  const add = (node: ts.Node, text: string) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim() });
  /** A literal (or template text) that would reach the page: directly, or as a branch of ?: / ?? / ||. */
  const literalText = (e: ts.Expression): string | undefined => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return hasWords(e.text) ? e.text : undefined;
    if (ts.isTemplateExpression(e)) {
      const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
      return hasWords(parts) ? parts : undefined;
    }
    if (ts.isParenthesizedExpression(e)) return literalText(e.expression);
    if (ts.isConditionalExpression(e)) return literalText(e.whenTrue) ?? literalText(e.whenFalse);
    if (
      ts.isBinaryExpression(e) &&
      [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)
    )
      return literalText(e.right);
    return undefined;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) add(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent)) {
      const text = literalText(node.expression);
      if (text) add(node, text);
    } else if (ts.isJsxAttribute(node) && TEXT_PROPS.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const text = ts.isStringLiteral(init)
        ? hasWords(init.text)
          ? init.text
          : undefined
        : ts.isJsxExpression(init) && init.expression
          ? literalText(init.expression)
          : undefined;
      if (text) add(node, `${node.name.getText(sf)}=${text}`);
    } else if (
      ts.isPropertyAssignment(node) &&
      TEXT_PROPS.has(node.name.getText(sf)) &&
      ts.isObjectLiteralExpression(node.parent)
    ) {
      const text = literalText(node.initializer);
      if (text) add(node, `${node.name.getText(sf)}: ${text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsxFiles(join(dir, d.name)) : d.name.endsWith('.tsx') ? [join(dir, d.name)] : [],
  );
}

describe('no hard-coded user-facing text in components', () => {
  const findings = tsxFiles(SRC).flatMap((f) => scanSource(relative(SRC, f), readFileSync(f, 'utf8')));

  it('finds none outside the pending files (put the text in src/i18n/locales/{en,ko}.ts and use t())', () => {
    const shown = findings.filter((f) => !pending(f.file)).map((f) => `${f.file}:${f.line} ${f.text}`);
    expect(shown).toEqual([]);
  });

  it('lists as pending only files that still have findings', () => {
    const stale = Object.keys(PENDING).filter((p) => !findings.some((f) => f.file.startsWith(p)));
    expect(stale).toEqual([]);
  });

  it('catches JSX text, literal children and text attributes, and lets translated text through', () => {
    const bad = scanSource(
      'x.tsx',
      `export const A = ({ ok }: { ok: boolean }) => (
        <section aria-label="Main menu">
          <h1>Hello there</h1>
          <p>{'Quoted text'}</p>
          <p>{ok ? 'Yes indeed' : t('no')}</p>
          <input placeholder={\`type a \${'name'}\`} title={t('x')} />
          <Loading what="pods" />
          <span>{n} / {m} · —</span>
          <b>ServeDeck</b>
        </section>
      );
      const cols = [{ key: 'name', header: 'Name', className: 'mono' }];`,
    );
    expect(bad.map((f) => f.text)).toEqual([
      'aria-label=Main menu',
      'Hello there',
      'Quoted text',
      'Yes indeed',
      'placeholder=type a',
      'what=pods',
      'header: Name',
    ]);
  });
});
