import type { SessionData } from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSession, saveSession } from '../../src/auth/session-store';
import {
  type Admin,
  Client,
  isvcPath,
  type LocalBff,
  loginClient,
  type Sandbox,
  scanner,
  USER_NS,
} from '../security/harness';
import { killComponent, startFaultRig, stopFaultRig, upPrivateAsync } from './private-sandbox';
import { converge, openSynced, retryUntil, watchOnlyIsvc } from './stream-fold';

const NAMES = ['fault-d-1', 'fault-d-2'];
/** An answer later than this is a hang. */
const HANG_MS = 15_000;

/** The session id inside a signed `servedeck.sid=s%3A<sid>.<mac>` cookie. */
function sidOf(cookie: string): string {
  const v = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return v.slice(2, v.lastIndexOf('.'));
}

const BASE = `/api/namespaces/${USER_NS}/inferenceservices`;

describe('fault: Dex (the OIDC issuer) is down', () => {
  let sandbox: Sandbox;
  let admin: Admin;
  let bff: LocalBff;
  let user: Client;

  /** Set the session's ID token expiry as the BFF sees it (the token itself stays what Dex issued). */
  const setExpiry = async (expiresAt: number): Promise<SessionData> => {
    const sid = sidOf(user.cookie);
    const data = await loadSession(bff.services.sessions.store, sid);
    if (!data?.tokens) throw new Error('the session is gone');
    await saveSession(bff.services.sessions.store, sid, { ...data, tokens: { ...data.tokens, expiresAt } });
    return data;
  };

  const bounded = async (path: string, accept: string) => {
    const t0 = Date.now();
    const res = await fetch(`${bff.url}${path}`, {
      headers: { accept },
      redirect: 'manual',
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await res.text();
    scanner.add(`GET ${path}`, text);
    return { status: res.status, text, headers: res.headers, ms: Date.now() - t0 };
  };

  beforeAll(async () => {
    ({ sandbox, admin, bff, user } = await startFaultRig(NAMES));
    const r = await admin.call('POST', isvcPath(USER_NS), watchOnlyIsvc(NAMES[0] ?? '', 'dex'));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }, 15 * 60_000);

  afterAll(async () => {
    await stopFaultRig(admin, bff, NAMES);
    expect(scanner.findings()).toEqual([]);
  });

  it('explains at sign-in, keeps existing sessions working, and signs in again once Dex is back', async () => {
    const base = BASE;
    const stream = await openSynced(bff.url, user.cookie);

    await killComponent('dex');
    let upCode: number | string | undefined;
    try {
      // the login page a browser lands on: a clear 503 page with a retry, no redirect to a dead Dex, no stack
      const page = await bounded(`/auth/login?returnTo=${encodeURIComponent(`/ns/${USER_NS}`)}`, 'text/html');
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('Sign-in is unavailable');
      expect(page.text).toContain(`The identity provider (${sandbox.issuer}) is not reachable`);
      expect(page.text).toContain('>Try again</a>');
      expect(page.text).not.toMatch(/Error:|\bat .*\.(ts|js):\d+/);
      // an API client gets the ApiError
      const json = await bounded('/auth/login', 'application/json');
      expect(JSON.parse(json.text)).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });
      // a password login cannot work either, and says why
      const pw = await new Client(bff.url).request('POST', '/auth/password', {
        body: JSON.stringify({ email: 'user@example.com', password: '12341234' }),
        type: 'application/json',
      });
      expect(pw.json()).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });
      process.stderr.write(`Dex down: login page 503 in ${page.ms} ms, JSON 503 in ${json.ms} ms\n`);

      // the existing session keeps working: the apiserver checks the ID token with Dex's keys it cached
      expect((await user.get('/api/me')).status).toBe(200);
      expect((await user.get(base)).status).toBe(200);
      const created = await user.json('POST', base, watchOnlyIsvc(NAMES[1] ?? '', 'dex'));
      expect(created.status, created.text).toBe(201);
      await converge(admin, USER_NS, [stream], 10_000);
      expect(stream.ended).toBe(false);

      // a refresh falls due while Dex is down: it fails, and the session carries on with its valid token
      const before = await setExpiry(Date.now() + 30_000);
      expect((await user.get(base)).status).toBe(200);
      const after = await loadSession(bff.services.sessions.store, sidOf(user.cookie));
      expect(after?.tokens?.idToken, 'same token, not logged out').toBe(before.tokens?.idToken);
      expect((await user.get('/api/me')).status).toBe(200);

      // the ID token has expired while Dex is down: 503 IssuerUnavailable, the session kept (not 401)
      await setExpiry(Date.now() - 1000);
      for (const path of ['/api/me', base]) {
        const res = await user.get(path);
        expect(res.status, path).toBe(503);
        expect(res.json()).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });
      }
      const kept503 = await loadSession(bff.services.sessions.store, sidOf(user.cookie));
      expect(kept503?.tokens?.idToken, 'the session is kept').toBe(before.tokens?.idToken);
      expect(stream.ended).toBe(false);
      // the pre-restart checks below start from a valid token again
      await setExpiry(Date.now() + 5 * 60_000);
    } finally {
      // `up` restarts Dex. Its own check (a fresh Dex ID token lists as user@example.com) passes at once:
      // the sandbox Dex keeps its signing keys in etcd, so the restarted Dex signs with the keys the
      // apiserver already trusts.
      upCode = await upPrivateAsync();
    }
    expect(upCode, 'sandbox up after restarting Dex').toBe(0);

    // back: the session from before the outage keeps working with its old ID token (no refresh due) ...
    const old = await setExpiry(Date.now() + 5 * 60_000);
    expect((await user.get(base)).status).toBe(200);
    expect((await user.get('/api/me')).status).toBe(200);
    const kept = await loadSession(bff.services.sessions.store, sidOf(user.cookie));
    expect(kept?.tokens?.idToken, 'the pre-restart ID token is still in use').toBe(old.tokens?.idToken);
    // ... and its refresh token (issued by the Dex before the restart) still refreshes it
    await setExpiry(Date.now() + 30_000);
    expect((await user.get(base)).status).toBe(200);
    const refreshed = await loadSession(bff.services.sessions.store, sidOf(user.cookie));
    expect(refreshed?.tokens?.idToken, 'refreshed by the restarted Dex').not.toBe(old.tokens?.idToken);
    expect(refreshed?.tokens?.expiresAt ?? 0).toBeGreaterThan(Date.now() + 60_000);
    expect((await user.get(base)).status).toBe(200);
    expect(stream.ended).toBe(false);
    // a session whose ID token expired (as during the outage) is still signed in: refreshed, not logged out
    const expired = await setExpiry(Date.now() - 1000);
    expect((await user.get('/api/me')).status).toBe(200);
    const revived = await loadSession(bff.services.sessions.store, sidOf(user.cookie));
    expect(revived?.tokens?.idToken, 'refreshed after the outage').not.toBe(expired.tokens?.idToken);
    expect((await user.get(base)).status).toBe(200);

    // sign-in works again (the login page redirects to Dex, a password login succeeds and lists)
    await retryUntil(() => bounded('/auth/login', 'text/html'), [302], 'login page after Dex returned');
    const again = await loginClient(bff.url, sandbox, 'user@example.com');
    expect((await again.get(base)).status).toBe(200);
    await stream.close();
  }, 300_000);
});
