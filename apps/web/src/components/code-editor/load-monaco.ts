export type MonacoModule = typeof import('./monaco-setup');

let pending: Promise<MonacoModule> | undefined;

/** Load the Monaco chunk once. Rejects where it cannot run; the editors then stay plain text areas. */
export function loadMonaco(): Promise<MonacoModule> {
  pending ??= import('./monaco-setup');
  return pending;
}
