import { apiError } from '../http/api-error';

/** Protocol paths the proxy forwards: KServe V1, Open Inference Protocol (V2), OpenAI-compatible. */
const ALLOWED = [
  /^\/v1\/models(\/[^/]+)?$/,
  /^\/v1\/models\/[^/]+:(predict|explain)$/,
  /^\/v2(\/.*)?$/,
  /^\/openai\/v1\/.+$/,
];

/**
 * Check the raw (still percent-encoded) path after `/infer`. Refused: anything not starting with one of
 * the protocol prefixes; `.`/`..` segments; `//` (which would make a protocol-relative URL); backslashes;
 * any percent-encoding (no encoded `/`, `.` or `\` can sneak through, and model names do not need it);
 * control characters and spaces. Returns the path unchanged when it is acceptable.
 */
export function checkProtocolPath(raw: string): string {
  const bad = (why: string) => apiError(400, 'BadRequest', `Inference path refused: ${why}`);
  if (!raw.startsWith('/')) throw bad('it must start with /v1/models, /v2 or /openai/v1');
  if (raw.length > 1024) throw bad('too long');
  if (raw.includes('//')) throw bad('empty path segment');
  if (raw.includes('\\')) throw bad('backslash');
  if (raw.includes('%')) throw bad('percent-encoded characters are not accepted');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0020\u007f]/.test(raw)) throw bad('control characters or spaces');
  if (raw.split('/').some((seg) => seg === '.' || seg === '..')) throw bad('relative segment');
  if (!ALLOWED.some((re) => re.test(raw))) throw bad('not a KServe V1, V2 or OpenAI protocol path');
  return raw;
}
