/**
 * A small copy of apps/bff/test/security/token-scan.ts's rules (the e2e tsconfig's rootDir is e2e/, so
 * `tsc -b` rejects importing that file by relative path): a JWT, an `eyJ…` base64url run of 40+
 * characters, or an OAuth token field carrying a value.
 */
export type Finding = { where: string; kind: string; excerpt: string };

const RULES: [string, RegExp][] = [
  ['jwt', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g],
  ['base64url-json', /eyJ[A-Za-z0-9_-]{40,}/g],
  [
    'oauth-field',
    /["']?(id_token|access_token|refresh_token|idToken|accessToken|refreshToken)["']?\s*[:=]\s*["']?(?!\[redacted\]|["'&,}\s])([^"'&,}\s]{8,})/g,
  ],
];

export class TokenScanner {
  private readonly texts: { where: string; text: string }[] = [];

  add(where: string, text: string): this {
    this.texts.push({ where, text });
    return this;
  }

  addResponse(where: string, headers: Iterable<[string, string]>, body: string): this {
    return this.add(where, `${[...headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`);
  }

  get scanned(): number {
    return this.texts.length;
  }

  findings(): Finding[] {
    return this.texts.flatMap(({ where, text }) =>
      RULES.flatMap(([kind, re]) =>
        [...text.matchAll(re)].map((m) => ({
          where,
          kind,
          excerpt: text.slice(Math.max(0, m.index - 20), m.index + 24),
        })),
      ),
    );
  }
}
