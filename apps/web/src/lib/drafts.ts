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
