/**
 * The create form and the YAML editor are two views of one draft: the YAML text. The form's fields are read
 * from the text and a changed field is written back into it, leaving everything else (comments, other fields,
 * key order) as the user wrote it.
 */
import { EMPTY_FORM_FIELDS, type IsvcFormFields } from '@servedeck/shared';
import { Document, isMap, isScalar, parseAllDocuments, parseDocument } from 'yaml';

type Path = readonly (string | number)[];

const MODEL = ['spec', 'predictor', 'model'] as const;

/** Where each field lives in an InferenceService. */
export const FIELD_PATHS: Record<keyof IsvcFormFields, Path> = {
  name: ['metadata', 'name'],
  format: [...MODEL, 'modelFormat', 'name'],
  version: [...MODEL, 'modelFormat', 'version'],
  runtime: [...MODEL, 'runtime'],
  protocol: [...MODEL, 'protocolVersion'],
  storageUri: [...MODEL, 'storageUri'],
  cpuRequest: [...MODEL, 'resources', 'requests', 'cpu'],
  memoryRequest: [...MODEL, 'resources', 'requests', 'memory'],
  cpuLimit: [...MODEL, 'resources', 'limits', 'cpu'],
  memoryLimit: [...MODEL, 'resources', 'limits', 'memory'],
  minReplicas: ['spec', 'predictor', 'minReplicas'],
  maxReplicas: ['spec', 'predictor', 'maxReplicas'],
};

const NUMERIC = new Set<keyof IsvcFormFields>(['minReplicas', 'maxReplicas']);

export type FormRead =
  | { ok: true; fields: IsvcFormFields }
  /** The text cannot be shown as the form (the YAML view still can): why, as a catalogue code. */
  | { ok: false; reason: 'syntax' | 'several' | 'notIsvc' };

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function isInferenceService(doc: Document): boolean {
  const kind = doc.get('kind');
  const apiVersion = doc.get('apiVersion');
  const contents = doc.contents;
  if (contents === null) return true;
  if (!isMap(contents)) return false;
  return (
    (kind === undefined || kind === 'InferenceService') &&
    (apiVersion === undefined || (typeof apiVersion === 'string' && apiVersion.startsWith('serving.kserve.io/')))
  );
}

/** The form's fields as the text holds them. */
export function readFormFields(text: string): FormRead {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { ok: false, reason: 'syntax' };
  const real = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (real.length > 1) return { ok: false, reason: 'several' };
  const doc = real[0];
  if (!doc) return { ok: true, fields: { ...EMPTY_FORM_FIELDS } };
  if (doc.errors.length > 0) return { ok: false, reason: 'syntax' };
  if (!isInferenceService(doc)) return { ok: false, reason: 'notIsvc' };
  const fields = { ...EMPTY_FORM_FIELDS };
  for (const key of Object.keys(FIELD_PATHS) as (keyof IsvcFormFields)[]) {
    fields[key] = scalarText(doc.getIn(FIELD_PATHS[key]));
  }
  return { ok: true, fields };
}

/** Remove maps left empty along `path` (deepest first), so clearing a field leaves no `resources: {}`. */
function pruneEmpty(doc: Document, path: Path): void {
  for (let i = path.length - 1; i > 0; i--) {
    const parent = path.slice(0, i);
    const node = doc.getIn(parent, true);
    if (isMap(node) && node.items.length === 0) doc.deleteIn(parent);
    else break;
  }
}

function valueFor(key: keyof IsvcFormFields, text: string): string | number {
  return NUMERIC.has(key) && /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * The text with the fields that differ from `before` written in (set, or removed when emptied). Other content is
 * kept. Returns the text unchanged when it cannot be read as one InferenceService.
 */
export function writeFormFields(text: string, before: IsvcFormFields, after: IsvcFormFields): string {
  const read = readFormFields(text);
  if (!read.ok) return text;
  const parsed = parseDocument(text);
  // An empty text (or only comments) starts a new InferenceService, keeping the comments.
  const doc: Document =
    parsed.contents === null
      ? new Document({ apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' })
      : parsed;
  if (doc !== parsed && parsed.commentBefore) doc.commentBefore = parsed.commentBefore;
  for (const key of Object.keys(FIELD_PATHS) as (keyof IsvcFormFields)[]) {
    if (before[key] === after[key]) continue;
    const path = FIELD_PATHS[key];
    if (after[key] === '') {
      doc.deleteIn(path);
      pruneEmpty(doc, path);
    } else {
      const existing = doc.getIn(path, true);
      if (isScalar(existing)) {
        existing.value = valueFor(key, after[key]);
        // Let the value choose its quoting (a half-typed `s3:` needed quotes, `s3://b` does not); block scalars stay.
        if (existing.type !== 'BLOCK_FOLDED' && existing.type !== 'BLOCK_LITERAL') delete existing.type;
      } else doc.setIn(path, valueFor(key, after[key]));
    }
  }
  return doc.toString({ lineWidth: 0 });
}
