import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

/** A position range in the text, 1-based lines and columns (as Monaco wants them). */
export type TextRange = { line: number; column: number; endLine: number; endColumn: number };

export type YamlProblem = TextRange & { severity: 'error' | 'warning' | 'info'; message: string; source: string };

export type ParsedYaml = {
  docs: { doc: Document.Parsed; value: unknown }[];
  lineCounter: LineCounter;
  /** Syntax errors with line and column. */
  errors: YamlProblem[];
};

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
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
    const value: unknown = doc.errors.length ? undefined : doc.toJS();
    // Skip empty documents (a trailing `---`, a comment-only document).
    if (doc.errors.length === 0 && (value === null || value === undefined)) continue;
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
