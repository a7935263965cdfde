import { type ApiError, findUnknownFields, type SchemaNode, withObjectRoot } from '@servedeck/shared';
import type { TFunction } from 'i18next';
import { i18n } from '@/i18n';
import { causePath, type ParsedYaml, rangeForPath, type YamlProblem } from '@/lib/yaml-paths';

/** A problem of the whole text, marked at its first character. */
function atStart(message: string): YamlProblem {
  return { line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', message, source: 'yaml' };
}

/**
 * Problems found before asking the server: YAML syntax and unknown fields (with "did you mean"). Never throws:
 * a check that fails on some hostile text is itself a problem, so the page keeps the text and says why.
 */
export function localProblems(
  parsed: ParsedYaml,
  schema: SchemaNode | undefined,
  t: TFunction = i18n.t,
): YamlProblem[] {
  try {
    return checked(parsed, schema, t);
  } catch (e) {
    return [
      ...parsed.errors,
      atStart(t('editor.problem.unchecked', { message: e instanceof Error ? e.message : String(e) })),
    ];
  }
}

function checked(parsed: ParsedYaml, schema: SchemaNode | undefined, t: TFunction): YamlProblem[] {
  const out: YamlProblem[] = [...parsed.errors];
  if (parsed.errors.some((e) => e.severity === 'error')) return out;
  if (parsed.docs.length === 0) {
    out.push(atStart(t('editor.problem.empty')));
    return out;
  }
  for (const { doc, value } of parsed.docs) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push(atStart(t('editor.problem.notMapping')));
      continue;
    }
    const v = value as { kind?: unknown; apiVersion?: unknown };
    if (v.kind !== undefined && v.kind !== 'InferenceService') {
      const r = rangeForPath(doc, ['kind'], parsed.lineCounter);
      if (r)
        out.push({
          ...r,
          severity: 'error',
          message: t('editor.problem.wrongKind', { kind: String(v.kind) }),
          source: 'servedeck',
        });
    }
    if (!schema) continue;
    for (const u of findUnknownFields(value, withObjectRoot(schema))) {
      const r = rangeForPath(doc, u.path, parsed.lineCounter);
      if (!r) continue;
      const where = u.path.length > 1 ? u.path.slice(0, -1).join('.') : t('editor.problem.topLevel');
      const fix = u.suggestion
        ? { title: t('editor.problem.fixTitle', { key: u.key, suggestion: u.suggestion }), text: u.suggestion }
        : undefined;
      const message = u.suggestion
        ? t('editor.problem.unknownFieldSuggest', { key: u.key, where, suggestion: u.suggestion })
        : t('editor.problem.unknownField', { key: u.key, where });
      out.push({ ...r, severity: 'error', message, source: 'schema', fix });
    }
  }
  return out;
}

/** Server field errors (`ApiError.causes[].field`) as problems at the right line of document `docIndex`. */
export function serverProblems(parsed: ParsedYaml, error: ApiError, docIndex = 0): YamlProblem[] {
  const entry = parsed.docs[docIndex];
  const fallbackLine = entry ? rangeForPath(entry.doc, [], parsed.lineCounter) : undefined;
  const at = fallbackLine ?? { line: 1, column: 1, endLine: 1, endColumn: 2 };
  const causes = error.causes.length ? error.causes : [{ message: error.message }];
  return causes.map((c) => {
    const path = causePath(c);
    const r = entry && path ? (rangeForPath(entry.doc, path, parsed.lineCounter) ?? at) : at;
    const field = 'field' in c && c.field ? `${c.field}: ` : '';
    return {
      ...r,
      endLine: r.line,
      endColumn: r.line === r.endLine ? r.endColumn : 1000,
      severity: 'error' as const,
      message: `${field}${c.message}`,
      source: `server (${error.reason})`,
    };
  });
}

/** The text with a problem's fix applied (its range replaced); unchanged when it has none. */
export function applyFix(text: string, p: YamlProblem): string {
  if (!p.fix) return text;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  return `${text.slice(0, offset(p.line, p.column))}${p.fix.text}${text.slice(offset(p.endLine, p.endColumn))}`;
}
