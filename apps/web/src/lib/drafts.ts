/**
 * Unsaved editor text survives a sign-in round trip: kept in sessionStorage (this tab only) under a key
 * naming what is being edited, and restored when the editor opens again.
 */
const PREFIX = 'servedeck.draft:';

export function draftKey(kind: 'edit' | 'create', ns: string, name = ''): string {
  return `${PREFIX}${kind}:${ns}/${name}`;
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
 * The draft of the editor a path shows (`/ns/N/isvc/NAME/yaml`, `/ns/N/create`), if this tab holds one: what an
 * error boundary offers to copy when the page itself failed.
 */
export function draftForPath(pathname: string): string | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [root, ns, section, name, tab] = parts;
  if (root !== 'ns' || !ns) return undefined;
  if (section === 'create') return loadDraft(draftKey('create', ns));
  if (section === 'isvc' && name && tab === 'yaml') return loadDraft(draftKey('edit', ns, name));
  return undefined;
}
