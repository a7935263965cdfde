import { stringify } from 'yaml';

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

/** Set `metadata.resourceVersion` in a YAML text, keeping everything else (comments included). */
export function withResourceVersion(text: string, rv: string): string {
  const re = /^(\s{2}resourceVersion:\s*)(.*)$/m;
  if (re.test(text)) return text.replace(re, `$1"${rv}"`);
  return text.replace(/^metadata:\s*$/m, `metadata:\n  resourceVersion: "${rv}"`);
}
