import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOidc, testApp } from '../helpers/app';
import { FakeServer } from '../helpers/fake-apiserver';

function webDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sd-sec-web-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>ServeDeck</title></head></html>');
  return dist;
}

/** Parse a CSP header into directive -> sources. */
function csp(header: string | undefined): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name, values);
  }
  return m;
}

describe('security headers and cookie flags', () => {
  const api = new FakeServer();
  beforeAll(async () => {
    await api.start();
  });
  afterAll(() => api.stop());

  const env = (publicUrl: string) => ({
    SERVEDECK_KUBECONFIG: api.kubeconfig(),
    SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
    SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
    SERVEDECK_PUBLIC_URL: publicUrl,
    SERVEDECK_WEB_DIST: webDist(),
  });

  async function app(publicUrl: string) {
    const t = await testApp(env(publicUrl), new FakeOidc());
    const { createApp } = await import('../../src/app');
    return createApp({ webDist: t.config.webDist, isReady: async () => true, services: t.services });
  }

  it('every kind of answer (SPA, API error, auth, health) carries the headers; CSP allows no inline script', async () => {
    const a = await app('http://127.0.0.1:8080');
    for (const path of ['/', '/ns/x/isvc/y', '/api/me', '/api/no-such', '/auth/login?returnTo=/x', '/healthz']) {
      const res = await request(a).get(path);
      const h = res.headers;
      const policy = csp(h['content-security-policy']);
      expect(policy.get('script-src'), path).toEqual(["'self'"]);
      expect(policy.get('default-src'), path).toEqual(["'self'"]);
      expect(policy.get('object-src'), path).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(policy.get('base-uri'), path).toEqual(["'self'"]);
      expect(h['content-security-policy'], path).not.toMatch(/unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe/);
      expect(h['content-security-policy'], path).not.toContain('unsafe-eval');
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['x-frame-options'], path).toBe('SAMEORIGIN');
      expect(h['referrer-policy'], path).toBe('same-origin');
      expect(h['x-powered-by'], path).toBeUndefined();
      // no HSTS on plain http (it would be ignored, and would pin a dev host)
      expect(h['strict-transport-security'], path).toBeUndefined();
    }
  });

  it('under an https public URL: HSTS, upgrade-insecure-requests', async () => {
    const a = await app('https://deck.example.com');
    for (const path of ['/', '/api/me']) {
      const res = await request(a).get(path).set('x-forwarded-proto', 'https');
      expect(res.headers['strict-transport-security'], path).toMatch(/max-age=31536000/);
      expect(csp(res.headers['content-security-policy']).has('upgrade-insecure-requests'), path).toBe(true);
    }
  });

  it('the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure under https; never set over plain http then', async () => {
    const https = await app('https://deck.example.com');
    const res = await request(https)
      .post('/auth/password')
      .set('x-forwarded-proto', 'https')
      .send({ email: 'user@example.com', password: '12341234' })
      .expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('servedeck.sid='));
    expect(cookie).toBeDefined();
    const attrs = (cookie ?? '').split(';').map((s) => s.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('secure');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
    // a Secure cookie is never sent back over a plain-http hop (no X-Forwarded-Proto from a trusted proxy)
    const plain = await request(https).post('/auth/password').send({ email: 'user@example.com', password: '12341234' });
    expect(String(plain.headers['set-cookie'] ?? '')).not.toContain('servedeck.sid=');

    const http = await app('http://127.0.0.1:8080');
    const h = await request(http).post('/auth/password').send({ email: 'user@example.com', password: '12341234' });
    const c2 = (h.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('servedeck.sid=')) ?? '';
    expect(c2.toLowerCase()).toContain('httponly');
    expect(c2.toLowerCase()).toContain('samesite=lax');
    expect(c2.toLowerCase()).not.toContain('secure');
  });

  it('API answers are not cacheable by shared caches and never sniffed as HTML', async () => {
    const a = await app('http://127.0.0.1:8080');
    const res = await request(a).get('/api/namespaces/%3Cscript%3E/inferenceservices');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.text).not.toContain('<script>');
  });
});
