/**
 * The path prefix ServeDeck is served under (SERVEDECK_BASE_PATH, e.g. `/servedeck` behind Kubeflow):
 * from `<meta name="servedeck-base">`, else from `<base href>`; empty at the root.
 */
function readBase(): string {
  if (typeof document === 'undefined') return '';
  const meta = document.querySelector('meta[name="servedeck-base"]')?.getAttribute('content');
  const raw = meta ?? (document.querySelector('base[href]') ? new URL(document.baseURI).pathname : '');
  return raw.replace(/\/+$/, '');
}

export const basePath = readBase();

/** Prefix an absolute app path (`/api/...`, `/auth/...`) with the base path. */
export function withBase(path: string): string {
  return path.startsWith('/') ? `${basePath}${path}` : path;
}
