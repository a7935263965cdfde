import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { inject } from 'vitest';

export const bffUrl = () => inject('bffUrl');
export const sandboxEnv = () => inject('sandbox');
export const USER_NS = 'kubeflow-user-example-com';

/** Every response (status, headers, body) the "browser" saw, for the no-JWT scan. */
export const seen: Array<{ url: string; headers: string; body: string }> = [];

let dexAgent: Agent | undefined;
/** fetch that trusts the sandbox CA (for Dex). */
export function caFetch(url: string, init: Parameters<typeof undiciFetch>[1] = {}) {
  dexAgent ??= new Agent({ connect: { ca: readFileSync(sandboxEnv().caFile, 'utf8') } });
  return undiciFetch(url, { ...init, dispatcher: dexAgent, redirect: 'manual' });
}

export type Reply = { status: number; headers: Headers; text: string; json: () => unknown };

/** A browser-like client of the BFF: a cookie jar, manual redirects, the CSRF token once known. */
export class BffClient {
  cookie = '';
  csrf = '';

  async request(
    method: string,
    path: string,
    opts: { body?: string | Buffer; type?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (opts.type) headers['content-type'] = opts.type;
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${bffUrl()}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
    this.takeCookie(res.headers);
    const text = await res.text();
    seen.push({ url: path, headers: JSON.stringify([...res.headers.entries()]), body: text });
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  takeCookie(h: Headers): void {
    for (const c of h.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('servedeck.sid=')) this.cookie = pair;
    }
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown, csrf = true) =>
    this.request('POST', path, { body: JSON.stringify(body), type: 'application/json', csrf });

  async passwordLogin(email: string, password: string): Promise<void> {
    const r = await this.post('/auth/password', { email, password }, false);
    if (r.status !== 200) throw new Error(`password login failed: ${r.status} ${r.text}`);
    this.csrf = String((r.json() as { csrfToken: string }).csrfToken);
  }

  async refreshCsrf(): Promise<void> {
    const me = await this.get('/api/me');
    this.csrf = String((me.json() as { csrfToken: string }).csrfToken);
  }
}

export async function loginAs(email: string): Promise<BffClient> {
  const login = sandboxEnv().logins.find((l) => l.email === email);
  if (!login) throw new Error(`${email} is not a sandbox login`);
  const c = new BffClient();
  await c.passwordLogin(login.email, login.password);
  return c;
}

/** Wait until fn returns a value (not undefined), polling. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}
