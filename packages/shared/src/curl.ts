/** "Copy as curl" for the test console: the same request, sent straight to the ingress gateway. */
export type CurlInput = {
  /** The ingress gateway base URL (from `GET /api/me` `gatewayUrl`), e.g. `http://127.0.0.1:8081`. */
  gatewayUrl: string;
  /** The InferenceService's `status.url` (possibly with a path prefix in path-based routing). */
  statusUrl: string;
  method: 'GET' | 'POST';
  /** The protocol path, e.g. `/v1/models/iris:predict`. */
  protocolPath: string;
  body?: string;
  /** Name of the shell variable holding the bearer token. */
  tokenVar?: string;
};

/** Quote for a POSIX shell: single quotes, with embedded single quotes closed and escaped. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Build the command: connect to the gateway, send `Host` = the host of `status.url`, keep any path prefix
 * of `status.url` (path-based routing), and feed the body on stdin with a quoted heredoc so nothing in
 * the payload is expanded by the shell.
 */
export function buildCurl(input: CurlInput): string {
  const status = new URL(input.statusUrl);
  const gateway = input.gatewayUrl.replace(/\/+$/, '');
  const prefix = status.pathname.replace(/\/+$/, '');
  const path = input.protocolPath.startsWith('/') ? input.protocolPath : `/${input.protocolPath}`;
  const tokenVar = input.tokenVar ?? 'TOKEN';
  const parts = ['curl -sS'];
  parts.push(`-H ${shellQuote(`Host: ${status.host}`)}`);
  parts.push(`-H "Authorization: Bearer $${tokenVar}"`);
  if (input.method === 'POST') {
    parts.push(`-H ${shellQuote('Content-Type: application/json')}`);
    parts.push('--data-binary @-');
  }
  parts.push(shellQuote(`${gateway}${prefix}${path}`));
  const cmd = parts.join(' ');
  if (input.method !== 'POST') return cmd;
  const body = input.body ?? '';
  let marker = 'EOF';
  while (body.split('\n').includes(marker)) marker += '_';
  return `${cmd} <<'${marker}'\n${body}\n${marker}`;
}
