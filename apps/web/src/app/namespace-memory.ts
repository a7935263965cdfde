const KEY = 'servedeck.namespace';

export function rememberNamespace(ns: string): void {
  try {
    localStorage.setItem(KEY, ns);
  } catch {
    // ignore
  }
}

export function lastNamespace(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
