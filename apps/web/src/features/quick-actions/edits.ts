import { checkStorageUri, PREDICTOR_FRAMEWORKS } from '@servedeck/shared';

/**
 * The quick actions as pure edits of an InferenceService: a JSON merge patch, the fields it changes (before →
 * after, for the summary and the undo), and the merge patch that puts them back (one-step undo).
 */

export type FieldChange = {
  /** Path in the object, e.g. ['spec', 'predictor', 'minReplicas']. */
  path: string[];
  before: unknown;
  after: unknown;
};

export type QuickEdit = {
  kind: 'scale' | 'storage' | 'undo';
  changes: FieldChange[];
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let at: unknown = obj;
  for (const seg of path) {
    if (!isObj(at) || !Object.hasOwn(at, seg)) return undefined;
    at = at[seg];
  }
  return at;
}

/** The merge patch that sets each change's `after` (`null` removes a field), with the resourceVersion checked. */
export function mergePatch(changes: FieldChange[], resourceVersion: string | undefined): Obj {
  const patch: Obj = resourceVersion ? { metadata: { resourceVersion } } : {};
  for (const c of changes) {
    let at = patch;
    c.path.forEach((seg, i) => {
      if (i === c.path.length - 1) at[seg] = c.after === undefined ? null : c.after;
      else {
        if (!isObj(at[seg])) at[seg] = {};
        at = at[seg] as Obj;
      }
    });
  }
  return patch;
}

/** The edit that puts the fields back: what the undo sends. */
export function inverse(edit: QuickEdit): QuickEdit {
  return { kind: 'undo', changes: edit.changes.map((c) => ({ path: c.path, before: c.after, after: c.before })) };
}

/** Fields whose live value is no longer the one the edit expects before it (someone changed them since). */
export function movedSince(edit: QuickEdit, live: unknown): FieldChange[] {
  return edit.changes.filter((c) => JSON.stringify(valueAt(live, c.path)) !== JSON.stringify(c.before));
}

export const SCALE_PATHS = {
  min: ['spec', 'predictor', 'minReplicas'],
  max: ['spec', 'predictor', 'maxReplicas'],
} as const;

/** Where the predictor's storage URI lives: `model.storageUri`, or a legacy framework block's. */
export function storageUriPath(isvc: unknown): string[] | undefined {
  const predictor = valueAt(isvc, ['spec', 'predictor']);
  if (!isObj(predictor)) return undefined;
  if (isObj(predictor.model)) return ['spec', 'predictor', 'model', 'storageUri'];
  const fw = PREDICTOR_FRAMEWORKS.find((f) => isObj(predictor[f]));
  return fw ? ['spec', 'predictor', fw, 'storageUri'] : undefined;
}

export type FieldError = {
  field: string;
  key: 'wholeNumber' | 'maxBelowMin' | 'maxZero' | 'required' | 'unchanged' | 'unsupported';
  message?: string;
};

const WHOLE = /^\d{1,9}$/;

/** The scale form: minReplicas required (0 or more), maxReplicas empty (KServe's default) or at least min and 1. */
export function scaleEdit(
  isvc: unknown,
  minText: string,
  maxText: string,
): { ok: true; edit: QuickEdit } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const min = minText.trim();
  const max = maxText.trim();
  if (!WHOLE.test(min)) errors.push({ field: 'minReplicas', key: 'wholeNumber' });
  if (max !== '' && !WHOLE.test(max)) errors.push({ field: 'maxReplicas', key: 'wholeNumber' });
  if (errors.length === 0 && max !== '') {
    if (Number(max) === 0) errors.push({ field: 'maxReplicas', key: 'maxZero' });
    else if (Number(max) < Number(min)) errors.push({ field: 'maxReplicas', key: 'maxBelowMin' });
  }
  if (errors.length) return { ok: false, errors };
  const changes: FieldChange[] = [
    { path: [...SCALE_PATHS.min], before: valueAt(isvc, SCALE_PATHS.min), after: Number(min) },
    { path: [...SCALE_PATHS.max], before: valueAt(isvc, SCALE_PATHS.max), after: max === '' ? undefined : Number(max) },
  ].filter((c) => c.before !== c.after);
  if (changes.length === 0) return { ok: false, errors: [{ field: 'minReplicas', key: 'unchanged' }] };
  return { ok: true, edit: { kind: 'scale', changes } };
}

/** The storage URI form: a URI KServe accepts (its own schemes, Azure blob, a local path), not the current one. */
export function storageEdit(
  isvc: unknown,
  uriText: string,
): { ok: true; edit: QuickEdit } | { ok: false; errors: FieldError[] } {
  const path = storageUriPath(isvc);
  const uri = uriText.trim();
  if (!path) return { ok: false, errors: [{ field: 'storageUri', key: 'required' }] };
  if (uri === '') return { ok: false, errors: [{ field: 'storageUri', key: 'required' }] };
  const check = checkStorageUri(uri);
  if (!check.ok) return { ok: false, errors: [{ field: 'storageUri', key: 'unsupported', message: check.message }] };
  const before = valueAt(isvc, path);
  if (before === uri) return { ok: false, errors: [{ field: 'storageUri', key: 'unchanged' }] };
  return { ok: true, edit: { kind: 'storage', changes: [{ path, before, after: uri }] } };
}

export const fieldName = (c: FieldChange) => c.path.join('.');
