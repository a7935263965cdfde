/**
 * Unsaved editor text survives a sign-in round trip: kept in sessionStorage (this tab only) under a key
 * naming what is being edited, and restored when the editor opens again.
 */
const PREFIX = 'servedeck.draft:';

export function draftKey(kind: 'edit' | 'create', ns: string, name = ''): string {
  return `${PREFIX}${kind}:${ns}/${name}`;
}

/** The draft key of a registry kind's YAML tab; `section` is the kind's path segment (`/ns/N/SECTION/NAME/yaml`). */
export function kindDraftKey(section: string, ns: string, name: string): string {
  return `${PREFIX}edit-${section}:${ns}/${name}`;
}

export function saveDraft(key: string, text: string): void {
  try {
    sessionStorage.setItem(key, text);
  } catch {
    // storage full or disabled: nothing else to do
  }
}

export function loadDraft(key: string): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // ignore
  }
}

/**
 * The draft of the editor a path shows (`/ns/N/isvc/NAME/yaml`, `/ns/N/create`, another kind's
 * `/ns/N/SECTION/NAME/yaml`), if this tab holds one: what an error boundary offers to copy when the page failed.
 */
export function draftForPath(pathname: string): string | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [root, ns, section, name, tab] = parts;
  if (root !== 'ns' || !ns) return undefined;
  if (section === 'create') return loadDraft(draftKey('create', ns));
  if (section && name && tab === 'yaml') {
    return loadDraft(section === 'isvc' ? draftKey('edit', ns, name) : kindDraftKey(section, ns, name));
  }
  return undefined;
}
