import { isMap, isScalar, parseDocument, stringify } from 'yaml';

/** The object as the user edits it: no status and no managedFields (the server owns those). */
export function toEditableYaml(obj: Record<string, unknown>): string {
  const { status: _status, ...rest } = obj;
  const meta = { ...((rest.metadata ?? {}) as Record<string, unknown>) };
  delete meta.managedFields;
  return stringify({ ...rest, metadata: meta }, { lineWidth: 0 });
}

export function resourceVersionOf(obj: unknown): string | undefined {
  const rv = (obj as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof rv === 'string' ? rv : undefined;
}

/**
 * Set `metadata.resourceVersion` in a YAML text, keeping everything else as it is (comments, indent, quoting):
 * an existing value is replaced where it stands; a missing one is added through the yaml Document API.
 * Text that is not one clean YAML mapping is returned unchanged (the editor marks its problems).
 */
export function withResourceVersion(text: string, rv: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const quoted = JSON.stringify(rv);
  const node = doc.getIn(['metadata', 'resourceVersion'], true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return `${text.slice(0, start)}${quoted}${text.slice(end)}`;
  }
  const meta = doc.get('metadata', true);
  if (meta !== undefined && !isMap(meta)) return text;
  doc.setIn(['metadata', 'resourceVersion'], doc.createNode(rv));
  const value = doc.getIn(['metadata', 'resourceVersion'], true);
  if (isScalar(value)) value.type = 'QUOTE_DOUBLE';
  return doc.toString({ lineWidth: 0 });
}
