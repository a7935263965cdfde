/**
 * "Who changed what": Kubernetes' `metadata.managedFields` (server-side field ownership) read per field.
 *
 * Each entry names a field manager (`kubectl-edit`, `servedeck`, a controller), the operation (`Update` or
 * `Apply`), the time it last wrote, and in `fieldsV1` the set of fields it owns:
 * `{"f:spec":{"f:predictor":{"f:minReplicas":{}}}}`. Map keys are `f:<name>`; list items are `k:<json object>`
 * (by their key fields), `v:<json value>` (sets of scalars) or `i:<index>`; `.` means the item or map itself.
 *
 * Pure and defensive: managedFields come from the apiserver, but a hostile or broken object (deep nesting,
 * huge sets, keys that are not JSON, `__proto__`) gives fewer answers, never an exception or a slow page.
 */

/** A concrete path into the object: map keys and list indexes (`spec.predictor.containers[0].image`). */
export type FieldPath = (string | number)[];

export type ManagedFieldsEntry = {
  manager: string;
  operation: string;
  time?: string;
  subresource?: string;
  fieldsV1: unknown;
};

/** One manager's claim on one field of the object. */
export type FieldOwner = {
  path: FieldPath;
  manager: string;
  operation: string;
  time?: string;
  subresource?: string;
  /**
   * True when the manager owns the whole value at `path` (a leaf of its field set: a scalar, or an atomic map or
   * list); false when it owns only the map or list item itself (`.`), its fields being claimed one by one.
   */
  whole: boolean;
};

export const MANAGED_FIELDS_LIMITS = {
  /** managedFields entries read (the apiserver keeps one per manager and operation: a handful). */
  entries: 64,
  /** Depth of a field set walked. */
  depth: 64,
  /** Field-set nodes walked per object, over all entries. */
  nodes: 20_000,
  /** Longest `k:` / `v:` key parsed as JSON. */
  keyChars: 4_096,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object's managedFields entries that are well-formed; anything else is left out. */
export function parseManagedFields(obj: unknown): ManagedFieldsEntry[] {
  const meta = isObj(obj) && isObj(obj.metadata) ? obj.metadata : undefined;
  const list = meta && Array.isArray(meta.managedFields) ? meta.managedFields : [];
  const out: ManagedFieldsEntry[] = [];
  for (const raw of list.slice(0, MANAGED_FIELDS_LIMITS.entries)) {
    if (!isObj(raw)) continue;
    const str = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : undefined);
    const time = str('time');
    const subresource = str('subresource');
    out.push({
      manager: str('manager') ?? 'unknown',
      operation: str('operation') ?? '',
      ...(time ? { time } : {}),
      ...(subresource ? { subresource } : {}),
      fieldsV1: raw.fieldsV1,
    });
  }
  return out;
}

function parseKey(json: string): { ok: true; value: unknown } | { ok: false } {
  if (json.length > MANAGED_FIELDS_LIMITS.keyChars) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false };
  }
}

/** Structural equality of JSON values, bounded in depth (deeper is "not equal"). */
function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > MANAGED_FIELDS_LIMITS.depth) return false;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i], depth + 1));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k], depth + 1))
    );
  }
  return false;
}

/** The index of the list item a `k:`, `v:` or `i:` key names in `list`, if it is there. */
function itemIndex(key: string, list: unknown[]): number | undefined {
  const body = key.slice(2);
  if (key.startsWith('i:')) {
    const i = /^\d{1,9}$/.test(body) ? Number(body) : -1;
    return i >= 0 && i < list.length ? i : undefined;
  }
  const parsed = parseKey(body);
  if (!parsed.ok) return undefined;
  if (key.startsWith('v:')) {
    const i = list.findIndex((item) => sameJson(item, parsed.value));
    return i >= 0 ? i : undefined;
  }
  const want = parsed.value;
  if (!isObj(want)) return undefined;
  const i = list.findIndex(
    (item) => isObj(item) && Object.entries(want).every(([k, v]) => Object.hasOwn(item, k) && sameJson(item[k], v)),
  );
  return i >= 0 ? i : undefined;
}

/**
 * The fields a field set owns, as concrete paths into `value` (the object it describes). Items of lists are
 * found by their key; a claim on something that is no longer in the object is left out (nothing to show it on).
 * `budget.nodes` is shared across calls so one object's entries together stay under the limit.
 */
export function ownedPaths(
  fields: unknown,
  value: unknown,
  budget: { nodes: number } = { nodes: MANAGED_FIELDS_LIMITS.nodes },
): { path: FieldPath; whole: boolean }[] {
  const out: { path: FieldPath; whole: boolean }[] = [];
  const walk = (set: unknown, at: unknown, path: FieldPath): void => {
    if (!isObj(set) || path.length > MANAGED_FIELDS_LIMITS.depth) return;
    const keys = Object.keys(set);
    for (const key of keys) {
      if (--budget.nodes < 0) return;
      if (key === '.') {
        if (path.length > 0) out.push({ path, whole: false });
        continue;
      }
      let seg: string | number | undefined;
      let next: unknown;
      if (key.startsWith('f:')) {
        const name = key.slice(2);
        if (!isObj(at) || !Object.hasOwn(at, name)) continue;
        seg = name;
        next = at[name];
      } else if (key.startsWith('k:') || key.startsWith('v:') || key.startsWith('i:')) {
        if (!Array.isArray(at)) continue;
        seg = itemIndex(key, at);
        if (seg === undefined) continue;
        next = at[seg];
      } else continue;
      const child = set[key];
      const childPath = [...path, seg];
      if (isObj(child) && Object.keys(child).length > 0) walk(child, next, childPath);
      else out.push({ path: childPath, whole: true });
    }
  };
  walk(fields, value, []);
  return out;
}

/** Every manager's claims on the fields of `obj` (its own managedFields resolved against it). */
export function fieldOwners(obj: unknown): FieldOwner[] {
  const budget = { nodes: MANAGED_FIELDS_LIMITS.nodes };
  const out: FieldOwner[] = [];
  for (const e of parseManagedFields(obj)) {
    for (const p of ownedPaths(e.fieldsV1, obj, budget)) {
      out.push({
        path: p.path,
        manager: e.manager,
        operation: e.operation,
        ...(e.time ? { time: e.time } : {}),
        ...(e.subresource ? { subresource: e.subresource } : {}),
        whole: p.whole,
      });
    }
  }
  return out;
}

const samePath = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((s, i) => s === b[i]);
const isPrefix = (a: FieldPath, b: FieldPath) => a.length < b.length && a.every((s, i) => s === b[i]);

/**
 * Who set the field at `path`, newest first: the managers that claim it, else those that own the whole value of
 * its nearest ancestor that is claimed as a whole (a field inside an atomic map). Empty when nobody does (a map
 * whose fields are claimed one by one has no owner of its own).
 */
export function ownersOf(owners: FieldOwner[], path: FieldPath): FieldOwner[] {
  let found = owners.filter((o) => samePath(o.path, path));
  if (found.length === 0) {
    let depth = -1;
    for (const o of owners) {
      if (!o.whole || !isPrefix(o.path, path) || o.path.length < depth) continue;
      if (o.path.length > depth) {
        depth = o.path.length;
        found = [];
      }
      found.push(o);
    }
  }
  return [...found].sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

/** `spec.predictor.containers[0].image`; keys that are not plain names in brackets (`labels[app.kubernetes.io/name]`). */
export function formatFieldPath(path: FieldPath): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) s += s ? `.${seg}` : seg;
    else s += `[${seg}]`;
  }
  return s;
}
