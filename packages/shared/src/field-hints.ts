/**
 * Unknown fields in an object, checked against a JSON schema (an openAPIV3Schema from a CRD), with a
 * "did you mean" suggestion. The apiserver's Strict field validation rejects these too, but only on
 * apply; this lets the editor flag them as the user types.
 */
export type SchemaNode = {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode | SchemaNode[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  description?: string;
};

export type UnknownField = {
  /** Path segments to the unknown key, the key included (array indexes as numbers). */
  path: (string | number)[];
  key: string;
  /** The schema property the key most likely meant. */
  suggestion?: string;
  message: string;
};

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The best candidate for a mistyped key: same letters in another case, else a close edit distance. */
export function suggestProperty(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const limit = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { name: c, d };
  }
  return best?.name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merge allOf/anyOf/oneOf branches' properties so a key valid in any branch counts as known. */
function propertiesOf(node: SchemaNode): Record<string, SchemaNode> | undefined {
  const branches = [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  if (!node.properties && branches.every((b) => !b.properties)) return undefined;
  const merged: Record<string, SchemaNode> = { ...(node.properties ?? {}) };
  for (const b of branches) Object.assign(merged, b.properties ?? {});
  return merged;
}

export function findUnknownFields(value: unknown, schema: SchemaNode, path: (string | number)[] = []): UnknownField[] {
  const out: UnknownField[] = [];
  if (schema['x-kubernetes-preserve-unknown-fields']) return out;
  if (Array.isArray(value)) {
    const items = Array.isArray(schema.items) ? undefined : schema.items;
    if (items) {
      for (const [i, v] of value.entries()) out.push(...findUnknownFields(v, items, [...path, i]));
    }
    return out;
  }
  if (!isRecord(value)) return out;
  const props = propertiesOf(schema);
  const extra = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const known = props?.[key];
    if (known) {
      out.push(...findUnknownFields(child, known, [...path, key]));
    } else if (isRecord(extra)) {
      out.push(...findUnknownFields(child, extra, [...path, key]));
    } else if (props && extra !== true) {
      const suggestion = suggestProperty(key, Object.keys(props));
      const where = path.length ? path.join('.') : 'the top level';
      out.push({
        path: [...path, key],
        key,
        ...(suggestion ? { suggestion } : {}),
        message: `Unknown field "${key}" in ${where}${suggestion ? `: did you mean ${suggestion}?` : ''}`,
      });
    }
  }
  return out;
}

/** The root of an InferenceService as the apiserver sees it: CRD schemas leave metadata open. */
export function withObjectRoot(schema: SchemaNode): SchemaNode {
  const props = schema.properties ?? {};
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...props,
      metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  };
}
