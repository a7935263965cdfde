import type { Request } from 'express';
import { revokeCsrfToken } from './csrf';
import type { LoginResult } from './oidc';

/** A fresh session id for the logged-in user (no fixation), then store user and tokens server-side. */
export async function establishSession(req: Request, login: LoginResult): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  revokeCsrfToken(req);
  req.session.user = login.user;
  req.session.tokens = login.tokens;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Only same-origin absolute paths: `/x`, not `//host`, `/\host` or a URL. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 2048) return '/';
  return value;
}
