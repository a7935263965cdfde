import { MAX_BODY_BYTES, MAX_DEPTH, nestingDepth } from '@servedeck/shared';
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { firstNonTextChar, formatMiB } from './read-upload';

/** A position range in the text, 1-based lines and columns (as Monaco wants them). */
export type TextRange = { line: number; column: number; endLine: number; endColumn: number };

export type YamlProblem = TextRange & {
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
  /** A one-click fix: replace the problem's range with `text` (e.g. a misspelt field with the one meant). */
  fix?: { title: string; text: string } | undefined;
};

export type ParsedYaml = {
  docs: { doc: Document.Parsed; value: unknown }[];
  lineCounter: LineCounter;
  /** Syntax errors with line and column. */
  errors: YamlProblem[];
};

/** Aliases a document may expand (the yaml library's default is 100): more is an alias bomb, refused. */
export const MAX_ALIAS_COUNT = 100;

function problemAt(lc: LineCounter, offset: number, message: string, source = 'yaml'): YamlProblem {
  const s = lc.linePos(offset);
  return { line: s.line, column: s.col, endLine: s.line, endColumn: s.col + 1, severity: 'error', message, source };
}

/** A file the user picked was not loaded: shown with the text's problems, at its start. */
export function uploadProblem(message: string): YamlProblem {
  return { line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', message, source: 'upload' };
}

function lineCounterFor(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/**
 * What makes a text unfit to parse at all: over the BFF's body limit (parsing megabytes on every keystroke
 * would freeze the page, and the server would refuse it), or not text (NUL and other control characters,
 * U+FFFD from bytes that were not UTF-8: a binary file).
 */
export function unparseable(text: string): YamlProblem | undefined {
  if (text.length > MAX_BODY_BYTES) {
    return {
      ...problemAt(lineCounterFor(''), 0, ''),
      message: `The text is ${formatMiB(text.length)}; ServeDeck sends at most ${formatMiB(MAX_BODY_BYTES)} (Kubernetes keeps objects under about 1.5 MB), so it was not checked.`,
    };
  }
  const bad = firstNonTextChar(text);
  if (bad !== undefined) {
    const code = text.codePointAt(bad) ?? 0;
    const what = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return problemAt(
      lineCounterFor(text),
      bad,
      `This is not YAML text: character ${what} ${code === 0xfffd ? '(bytes that are not UTF-8)' : '(a control character)'} at this position. A binary file?`,
    );
  }
  return undefined;
}

/**
 * Parse every document of a text the user typed, pasted or uploaded. Never throws: whatever the text (alias
 * bombs, absurd nesting, megabytes, binary), the answer is problems with a line and column, the text untouched.
 */
export function parseYaml(text: string): ParsedYaml {
  const refused = unparseable(text);
  if (refused) return { docs: [], lineCounter: new LineCounter(), errors: [refused] };
  const lineCounter = new LineCounter();
  try {
    return parseChecked(text, lineCounter);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      docs: [],
      lineCounter,
      errors: [problemAt(lineCounterFor(text), 0, `The YAML could not be read: ${why}`)],
    };
  }
}

function parseChecked(text: string, lineCounter: LineCounter): ParsedYaml {
  const all = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const docsArr = Array.isArray(all) ? all : [all];
  const errors: YamlProblem[] = [];
  const docs: ParsedYaml['docs'] = [];
  for (const doc of docsArr) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      const [start, end] = e.pos;
      const s = lineCounter.linePos(start);
      const en = lineCounter.linePos(Math.max(end, start + 1));
      errors.push({
        line: s.line,
        column: s.col,
        endLine: en.line,
        endColumn: en.col,
        severity: doc.errors.includes(e as never) ? 'error' : 'warning',
        message: `YAML syntax: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')} (line ${s.line}, column ${s.col})`,
        source: 'yaml',
      });
    }
    if (doc.errors.length) {
      docs.push({ doc, value: undefined });
      continue;
    }
    const at = doc.contents?.range?.[0] ?? doc.range[0];
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const bomb = /alias/i.test(why);
      errors.push(
        problemAt(
          lineCounter,
          at,
          bomb
            ? `Aliases in this document expand too far (more than ${MAX_ALIAS_COUNT}): refused as an alias bomb.`
            : `This document could not be read: ${why}`,
        ),
      );
      docs.push({ doc, value: undefined });
      continue;
    }
    // Skip empty documents (a trailing `---`, a comment-only document).
    if (value === null || value === undefined) continue;
    if (nestingDepth(value) > MAX_DEPTH) {
      errors.push(
        problemAt(
          lineCounter,
          at,
          `This document is nested more than ${MAX_DEPTH} levels deep; the server refuses it.`,
        ),
      );
      docs.push({ doc, value: undefined });
      continue;
    }
    docs.push({ doc, value });
  }
  return { docs, lineCounter, errors };
}

/**
 * Split a Kubernetes field path (`spec.predictor.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`,
 * with or without a leading dot) into segments.
 */
export function fieldPathSegments(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const m of field.replace(/^\./, '').matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

function rangeOf(
  node: { range?: [number, number, number?] | null | undefined } | null | undefined,
  lc: LineCounter,
): TextRange | undefined {
  const r = node?.range;
  if (!r) return undefined;
  const s = lc.linePos(r[0]);
  const e = lc.linePos(Math.max(r[1], r[0] + 1));
  return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

/**
 * Where a field lives in the text: the key of the last segment when it exists (so an error on
 * `spec.predictor.minReplicas` underlines `minReplicas`), else the deepest ancestor that does.
 */
export function rangeForPath(
  doc: Document.Parsed,
  path: readonly (string | number)[],
  lc: LineCounter,
): TextRange | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let best: TextRange | undefined = rangeOf(node as never, lc);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      best = rangeOf(pair.key as never, lc) ?? best;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return best;
      best = rangeOf(item as never, lc) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

/** The path a Kubernetes cause points at: its `field`, or the `unknown field "a.b"` named in its message. */
export function causePath(cause: { field?: string | undefined; message: string }): (string | number)[] | undefined {
  const named = cause.message.match(/unknown field "([^"]+)"/)?.[1];
  const field = named ?? cause.field;
  if (!field || field === '<nil>') return undefined;
  return fieldPathSegments(field);
}
