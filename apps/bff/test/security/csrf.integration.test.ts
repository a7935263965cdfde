import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type LocalBff,
  loginClient,
  type Sandbox,
  sandboxEnv,
  scanner,
  sklearnIsvc,
  startLocalBff,
  USER_NS,
} from './harness';

const NAME = 'sec-csrf-probe';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;

type Attack = { label: string; headers: (c: Client, other: Client, ours: string) => Record<string, string> };

/** The forged-request variants: every one must be refused before anything reaches the apiserver. */
const attacks: Attack[] = [
  { label: 'no token', headers: () => ({ 'x-csrf-token': '' }) },
  { label: 'wrong token', headers: () => ({ 'x-csrf-token': 'not-the-token' }) },
  { label: 'token of another session', headers: (_c, other) => ({ 'x-csrf-token': other.csrf }) },
  {
    label: 'right token, foreign Origin',
    headers: (c) => ({ 'x-csrf-token': c.csrf, origin: 'https://evil.example.com' }),
  },
  { label: 'right token, Origin null', headers: (c) => ({ 'x-csrf-token': c.csrf, origin: 'null' }) },
  {
    label: 'right token, Sec-Fetch-Site: cross-site',
    headers: (c, _o, ours) => ({ 'x-csrf-token': c.csrf, 'sec-fetch-site': 'cross-site', origin: ours }),
  },
  {
    label: 'no token, our Origin, Sec-Fetch-Site: same-site (a sibling subdomain)',
    headers: (_c, _o, ours) => ({ 'x-csrf-token': '', origin: ours, 'sec-fetch-site': 'same-site' }),
  },
];

describe('CSRF: forged writes are refused', () => {
  let sandbox: Sandbox;
  let bff: LocalBff;
  let user: Client;
  let other: Client;

  beforeAll(async () => {
    sandbox = sandboxEnv();
    bff = await startLocalBff(sandbox);
    user = await loginClient(bff.url, sandbox, 'user@example.com');
    other = await loginClient(bff.url, sandbox, 'user@example.com');
    await user.request('DELETE', `${base}/${NAME}`);
  });

  afterAll(async () => {
    await user?.request('DELETE', `${base}/${NAME}`);
    await bff?.stop();
    expect(scanner.findings()).toEqual([]);
  });

  it('POST, PUT, PATCH, DELETE, the inference proxy and logout: every forged variant gets 403 CsrfRejected', async () => {
    const ours = bff.config.publicUrl;
    const writes: Array<{ method: string; path: string; body?: string; type?: string }> = [
      { method: 'POST', path: base, body: JSON.stringify(sklearnIsvc(NAME)), type: 'application/json' },
      // a classic HTML form can only send these types: still refused
      { method: 'POST', path: base, body: JSON.stringify(sklearnIsvc(NAME)), type: 'text/plain' },
      { method: 'POST', path: base, body: 'metadata=x', type: 'application/x-www-form-urlencoded' },
      { method: 'PUT', path: `${base}/${NAME}`, body: JSON.stringify(sklearnIsvc(NAME)), type: 'application/json' },
      {
        method: 'PATCH',
        path: `${base}/${NAME}`,
        body: JSON.stringify({ metadata: { annotations: { 'serving.kserve.io/stop': 'true' } } }),
        type: 'application/merge-patch+json',
      },
      { method: 'DELETE', path: `${base}/${NAME}` },
      { method: 'POST', path: `${base}/${NAME}/infer/v1/models/${NAME}:predict`, body: '{}', type: 'application/json' },
      { method: 'POST', path: '/auth/logout' },
    ];
    for (const w of writes) {
      for (const a of attacks) {
        const res = await user.request(w.method, w.path, {
          ...(w.body !== undefined ? { body: w.body } : {}),
          ...(w.type ? { type: w.type } : {}),
          headers: a.headers(user, other, ours),
        });
        const what = `${a.label}: ${w.method} ${w.path} (${w.type ?? '-'})`;
        expect(res.status, `${what}: ${res.text}`).toBe(403);
        expect(res.json(), what).toMatchObject({ status: 403, reason: 'CsrfRejected' });
      }
    }
    // nothing was created, the session was not logged out
    expect((await user.get(`${base}/${NAME}`)).status).toBe(404);
    expect((await user.get('/api/me')).status).toBe(200);
  });

  it('the same requests pass with the token and our Origin (so the refusals above were the CSRF checks)', async () => {
    const ok = await user.request('POST', `${base}?dryRun=All`, {
      body: JSON.stringify(sklearnIsvc(NAME)),
      type: 'application/json',
      headers: { origin: bff.config.publicUrl, 'sec-fetch-site': 'same-origin' },
    });
    expect(ok.status, ok.text).toBe(201);
  });

  it('a login form posted from another site is refused (login CSRF)', async () => {
    const res = await user.request('POST', '/auth/password', {
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice1234' }),
      type: 'application/json',
      csrf: false,
      headers: { origin: 'https://evil.example.com' },
    });
    expect(res.status).toBe(403);
    const cross = await user.request('POST', '/auth/password', {
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice1234' }),
      type: 'application/json',
      csrf: false,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);
    expect(((await user.get('/api/me')).json() as { user: { name: string } }).user.name).toBe('user@example.com');
  });
});
