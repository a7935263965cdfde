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
export type Finding = {
  where: string;
  kind: string;
  excerpt: string;
};
/** Every token-looking thing in one text. */
export declare function scanText(text: string, where?: string, secrets?: Iterable<string>): Finding[];
/** Collects texts and reports every finding (with where it was seen) when asked. */
export declare class TokenScanner {
  private readonly secrets;
  private readonly texts;
  /** An exact value that must never appear (e.g. a refresh token read from the session store). */
  addSecret(value: string | undefined): this;
  /** Keep one text for the scan (a body, serialized headers, one SSE event, one log line). */
  add(where: string, text: string): this;
  /** A response's headers and body text (the body already read). */
  addResponse(where: string, headers: Iterable<[string, string]>, body: string): this;
  /** How many texts were collected (so a test can prove it scanned something). */
  get scanned(): number;
  /** Every finding in every text, against every secret registered so far. */
  findings(): Finding[];
}
