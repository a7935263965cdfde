import { createHmac } from 'node:crypto';
import type { SessionData } from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadSession, saveSession } from '../../src/auth/session-store';
import {
  Client,
  type LocalBff,
  loginClient,
  type Sandbox,
  sandboxEnv,
  scanner,
  startLocalBff,
  USER_NS,
} from './harness';
import {
  featureRouteCases,
  mountedApiRoutes,
  patternMatches,
  type RouteCase,
  routeCases,
  streamingRoutes,
} from './routes';

const SECRET = 'security-tests-session-secret-0123456789';

function sidOf(cookie: string): string {
  const v = decodeURIComponent(cookie.slice('servedeck.sid='.length));
  return v.slice(2, v.lastIndexOf('.'));
}

function signed(sid: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `servedeck.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

/** Every (route, method), the streaming variants a browser uses (followed logs), and the feature routes. */
function allCases(): RouteCase[] {
  const cases = routeCases(USER_NS, 'sec-authn-probe', 'sec-authn-probe-predictor-0');
  cases.push({ route: 'podLog', method: 'GET', path: `/api/namespaces/${USER_NS}/pods/p/log?follow=true` });
  cases.push({ route: 'isvcsWatch', method: 'GET', path: '/api/namespaces/_all/watch/inferenceservices' });
  cases.push({ route: 'isvcs', method: 'GET', path: '/api/namespaces/_all/inferenceservices' });
  cases.push(...featureRouteCases(USER_NS, 'sec-authn-probe'));
  return cases;
}

describe('authentication: every /api route and stream refuses a request without a valid session', () => {
  let sandbox: Sandbox;
  let bff: LocalBff;

  beforeAll(async () => {
    sandbox = sandboxEnv();
    bff = await startLocalBff(sandbox, { SERVEDECK_SESSION_SECRET: SECRET });
  });

  afterAll(async () => {
    await bff?.stop();
    expect(scanner.scanned).toBeGreaterThan(50);
    expect(scanner.findings()).toEqual([]);
  });

  /** Each case with this cookie: 401 Unauthenticated as an ApiError, nothing else. */
  async function expectAll401(cookie: string, label: string): Promise<void> {
    const c = new Client(bff.url);
    c.cookie = cookie;
    c.csrf = 'whatever';
    for (const rc of allCases()) {
      const res =
        rc.body === undefined ? await c.request(rc.method, rc.path) : await c.json(rc.method, rc.path, rc.body);
      const what = `${label}: ${rc.method} ${rc.path}`;
      expect(res.status, what).toBe(401);
      expect(res.headers.get('content-type'), what).toContain('application/json');
      expect(res.json(), what).toMatchObject({ status: 401, reason: 'Unauthenticated' });
      // an unauthenticated caller never gets a session cookie back either
      expect(res.headers.getSetCookie().join(), what).not.toContain('servedeck.sid=s%3A');
    }
  }

  it('covers every route the BFF mounts (new routes are covered automatically)', () => {
    const cases = allCases();
    // createApp is pure (no listening, no upstream calls): the same routes as the running BFF
    const mounted = mountedApiRoutes(
      createApp({ webDist: undefined, isReady: async () => true, services: bff.services }),
    );
    expect(mounted.length).toBeGreaterThan(10);
    for (const m of mounted) {
      const hit = cases.some((c) => (m.method === 'ALL' || c.method === m.method) && patternMatches(m.pattern, c.path));
      expect(hit, `${m.method} ${m.pattern} has no case in test/security/routes.ts`).toBe(true);
    }
    for (const s of streamingRoutes) expect(cases.some((c) => c.route === s)).toBe(true);
  });

  it('no cookie', async () => {
    await expectAll401('', 'no cookie');
  });

  it('a forged cookie (made-up id and signature)', async () => {
    await expectAll401(
      `servedeck.sid=${encodeURIComponent('s:forged-session-id.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')}`,
      'forged',
    );
    await expectAll401('servedeck.sid=unsigned-session-id', 'unsigned');
  });

  it('a tampered cookie, and a real session id signed with another secret', async () => {
    const c = await loginClient(bff.url, sandbox, 'user@example.com');
    expect((await c.get('/api/me')).status).toBe(200);
    const sid = sidOf(c.cookie);
    const flipped = `${sid.slice(0, -1)}${sid.endsWith('a') ? 'b' : 'a'}`;
    const value = decodeURIComponent(c.cookie.slice('servedeck.sid='.length));
    await expectAll401(`servedeck.sid=${encodeURIComponent(value.replace(sid, flipped))}`, 'tampered id');
    await expectAll401(`servedeck.sid=${encodeURIComponent(`${value.slice(0, -2)}xx`)}`, 'tampered signature');
    await expectAll401(signed(sid, 'another-secret-another-secret'), 'other secret');
    // the genuine cookie still works: the attempts did not disturb it
    expect((await c.get('/api/me')).status).toBe(200);
    expect(signed(sid, SECRET)).toBe(c.cookie);
  });

  it('a session after logout (destroyed server-side)', async () => {
    const c = await loginClient(bff.url, sandbox, 'user@example.com');
    const old = c.cookie;
    expect((await c.request('POST', '/auth/logout')).status).toBe(200);
    expect(await loadSession(bff.services.sessions.store, sidOf(old))).toBeUndefined();
    await expectAll401(old, 'after logout');
  });

  it('an expired session: ID token expired and the refresh refused by Dex', async () => {
    const c = await loginClient(bff.url, sandbox, 'user@example.com');
    const sid = sidOf(c.cookie);
    const store = bff.services.sessions.store;
    const data = (await loadSession(store, sid)) as SessionData;
    expect(data.tokens?.refreshToken).toBeTruthy();
    scanner.addSecret(data.tokens?.refreshToken).addSecret(data.tokens?.idToken);
    await saveSession(store, sid, {
      ...data,
      tokens: {
        idToken: data.tokens?.idToken ?? '',
        refreshToken: 'not-a-refresh-token',
        expiresAt: Date.now() - 1000,
      },
    });
    expect((await c.get('/api/me')).status).toBe(401);
    // the refused refresh ended the session for good
    expect(await loadSession(store, sid)).toBeUndefined();
    await expectAll401(c.cookie, 'expired token');
  });

  it('an expired session: the cookie`s lifetime is over', async () => {
    const c = await loginClient(bff.url, sandbox, 'user@example.com');
    const sid = sidOf(c.cookie);
    const store = bff.services.sessions.store;
    const data = (await loadSession(store, sid)) as SessionData;
    scanner.addSecret(data.tokens?.refreshToken);
    const cookie = { ...data.cookie, expires: new Date(Date.now() - 1000) };
    await saveSession(store, sid, { ...data, cookie } as SessionData);
    await expectAll401(c.cookie, 'expired cookie');
  });
});
