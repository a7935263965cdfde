/**
 * Finds credentials in what a browser can see: response bodies, headers, HTML, SSE events, log lines.
 * No dependencies (plain TypeScript), so the e2e suite can import it by relative path:
 *
 *   import { TokenScanner } from '../../apps/bff/test/security/token-scan';
 *   const scan = new TokenScanner();
 *   page.on('response', async (r) => scan.add(r.url(), JSON.stringify(r.headers()) + (await r.text())));
 *   expect(scan.findings()).toEqual([]);
 *
 * What counts as a token:
 * - a JWT: three base64url parts, the first two starting with `eyJ` (`{"`), e.g. a Dex ID token;
 * - a JWE / any `eyJ…` base64url run of 40+ characters (a JWT cut by a line break or a truncated log);
 * - an OAuth field that carries a value: `id_token`, `access_token`, `refresh_token` (JSON or form);
 * - any exact secret the caller registers (`addSecret`): the refresh and ID tokens read from the
 *   session store, the OIDC client secret, the session secret.
 */

export type Finding = { where: string; kind: string; excerpt: string };

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const LONG_B64_JSON = /eyJ[A-Za-z0-9_-]{40,}/g;
// "refresh_token":"x", refresh_token=x, refreshToken: "x" (empty values and "[redacted]" do not count)
const OAUTH_FIELD =
  /["']?(id_token|access_token|refresh_token|idToken|accessToken|refreshToken)["']?\s*[:=]\s*["']?(?!\[redacted\]|["'&,}\s])([^"'&,}\s]{8,})/g;

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 20);
  const shown = text.slice(start, index + Math.min(length, 24));
  return `${shown}${length > 24 ? '…' : ''}`.replace(/[\r\n]+/g, ' ');
}

/** Every token-looking thing in one text. */
export function scanText(text: string, where = '', secrets: Iterable<string> = []): Finding[] {
  const out: Finding[] = [];
  const seenAt = new Set<number>();
  for (const m of text.matchAll(JWT)) {
    seenAt.add(m.index);
    out.push({ where, kind: 'jwt', excerpt: excerpt(text, m.index, m[0].length) });
  }
  for (const m of text.matchAll(LONG_B64_JSON)) {
    if (seenAt.has(m.index)) continue;
    out.push({ where, kind: 'base64url-json', excerpt: excerpt(text, m.index, m[0].length) });
  }
  for (const m of text.matchAll(OAUTH_FIELD)) {
    out.push({ where, kind: `field:${m[1]}`, excerpt: excerpt(text, m.index, m[0].length) });
  }
  for (const s of secrets) {
    if (s.length < 8) continue;
    let i = text.indexOf(s);
    while (i >= 0) {
      out.push({ where, kind: 'registered-secret', excerpt: excerpt(text, i, s.length) });
      i = text.indexOf(s, i + s.length);
    }
  }
  return out;
}

/** Collects texts and reports every finding (with where it was seen) when asked. */
export class TokenScanner {
  private readonly secrets = new Set<string>();
  private readonly texts: Array<{ where: string; text: string }> = [];

  /** An exact value that must never appear (e.g. a refresh token read from the session store). */
  addSecret(value: string | undefined): this {
    if (value && value.length >= 8) this.secrets.add(value);
    return this;
  }

  /** Keep one text for the scan (a body, serialized headers, one SSE event, one log line). */
  add(where: string, text: string): this {
    this.texts.push({ where, text });
    return this;
  }

  /** A response's headers and body text (the body already read). */
  addResponse(where: string, headers: Iterable<[string, string]>, body: string): this {
    const h = [...headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    return this.add(where, `${h}\n\n${body}`);
  }

  /** How many texts were collected (so a test can prove it scanned something). */
  get scanned(): number {
    return this.texts.length;
  }

  /** Every finding in every text, against every secret registered so far. */
  findings(): Finding[] {
    return this.texts.flatMap((t) => scanText(t.text, t.where, this.secrets));
  }
}
