/** The test suites' browser: one cookie + CSRF client of the BFF, for the integration and security suites. */

export type Reply = { status: number; headers: Headers; text: string; json: <T = Record<string, unknown>>() => T };

/** Called with every answer the "browser" saw (the suites scan them for tokens). */
export type ReplyRecorder = (what: string, headers: Headers, text: string) => void;

export type Login = { email: string; password: string };

/** A browser-like client: a cookie jar, the CSRF token once known, manual redirects. */
export class BrowserClient {
  cookie = '';
  csrf = '';

  constructor(
    readonly base: string,
    private readonly record: ReplyRecorder = () => {},
  ) {}

  /** `opts.headers` come last: a test may set its own cookie, CSRF token or Origin. */
  async request(
    method: string,
    path: string,
    opts: { body?: string | Buffer; type?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (opts.type) headers['content-type'] = opts.type;
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    Object.assign(headers, opts.headers ?? {});
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
    this.takeCookie(res.headers);
    const text = await res.text();
    this.record(`${method} ${path}`, res.headers, text);
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  takeCookie(h: Headers): void {
    for (const c of h.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('servedeck.sid=')) this.cookie = pair;
    }
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, headers ? { headers } : {});

  post = (path: string, body: unknown, csrf = true) =>
    this.request('POST', path, { body: JSON.stringify(body), type: 'application/json', csrf });

  /** A JSON write (PATCH as a merge patch). */
  json = (method: string, path: string, body: unknown, headers?: Record<string, string>) =>
    this.request(method, path, {
      body: JSON.stringify(body),
      type: method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
      ...(headers ? { headers } : {}),
    });

  /** Log in through the password route (sandbox and API tests) and keep the CSRF token it answers. */
  async passwordLogin(email: string, password: string): Promise<this> {
    const r = await this.post('/auth/password', { email, password }, false);
    if (r.status !== 200) throw new Error(`password login ${email} failed: ${r.status} ${r.text}`);
    this.csrf = String(r.json().csrfToken);
    return this;
  }

  /** Log in as one of the sandbox's logins. */
  login(logins: Login[], email: string): Promise<this> {
    const l = logins.find((x) => x.email === email);
    if (!l) throw new Error(`${email} is not a sandbox login`);
    return this.passwordLogin(l.email, l.password);
  }

  async refreshCsrf(): Promise<void> {
    this.csrf = String((await this.get('/api/me')).json().csrfToken);
  }
}
