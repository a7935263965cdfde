import {
  type ApiError,
  fieldPathsInMessage,
  findUnknownFields,
  type SchemaNode,
  withObjectRoot,
} from '@servedeck/shared';
import type { TFunction } from 'i18next';
import { i18n } from '@/i18n';
import { causePath, fieldPathSegments, type ParsedYaml, rangeForPath, type YamlProblem } from '@/lib/yaml-paths';

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

/**
 * A problem the editor lists. `unlocated`: a server answer about the whole object that names no field of the
 * draft (KServe's webhooks answer with a message only): listed for the whole document, never marked on a line
 * it is not about.
 */
export type EditorProblem = YamlProblem & { unlocated?: true | undefined };

/** A server message is shown whole up to this many characters (a runaway message would bury the list). */
export const MAX_PROBLEM_MESSAGE = 2_000;

function clipped(message: string): string {
  return message.length > MAX_PROBLEM_MESSAGE ? `${message.slice(0, MAX_PROBLEM_MESSAGE)}…` : message;
}

/**
 * Server errors as problems of document `docIndex`: each field cause (`ApiError.causes[].field`) at the line of its
 * field; without causes, at the first field the message names that is in the draft (`fieldPathsInMessage`: KServe's
 * defaulter names `minReplicas` only in Go's words), else unlocated. A field missing from the draft is placed at
 * its deepest ancestor that is there; one with no ancestor there is unlocated too.
 */
export function serverProblems(parsed: ParsedYaml, error: ApiError, docIndex = 0): EditorProblem[] {
  const entry = parsed.docs[docIndex];
  const root = entry ? rangeForPath(entry.doc, [], parsed.lineCounter) : undefined;
  const top = entry?.value;
  const locate = (field: string | undefined, path: (string | number)[] | undefined) => {
    const first = path?.[0];
    // Only a path whose top-level field is in the draft has a line (else rangeForPath answers the document).
    if (!entry || !path || first === undefined || typeof top !== 'object' || top === null) return undefined;
    if (!Object.hasOwn(top, String(first))) return undefined;
    const r = rangeForPath(entry.doc, path, parsed.lineCounter);
    return r ? { field, r } : undefined;
  };
  const fromMessage = (message: string) =>
    fieldPathsInMessage(message)
      .map((f) => locate(f, fieldPathSegments(f)))
      .find((x) => x !== undefined);
  const source = `server (${error.reason})`;
  const causes = error.causes.length ? error.causes : [{ message: error.message }];
  return causes.map((c): EditorProblem => {
    const field = 'field' in c && c.field && c.field !== '<nil>' ? c.field : undefined;
    const at = locate(field, causePath(c)) ?? fromMessage(c.message);
    // A cause's field is named first (its message is about it); a path found in a message that already says it is not.
    const label = field ?? (at?.field && !c.message.includes(at.field) ? at.field : undefined);
    const message = clipped(label ? `${label}: ${c.message}` : c.message);
    if (at)
      return {
        ...at.r,
        endLine: at.r.line,
        endColumn: at.r.line === at.r.endLine ? at.r.endColumn : 1000,
        severity: 'error',
        message,
        source,
      };
    // With several documents, a problem of one of them is marked at its first line (that says which one).
    if (parsed.docs.length > 1 && root)
      return { ...root, endLine: root.line, endColumn: 1000, severity: 'error', message, source };
    return { line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message, source, unlocated: true };
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
