import { createHmac } from 'node:crypto';
import { MemoryStore, type SessionData, type Store } from 'express-session';
import { describe, expect, it } from 'vitest';
import { InMemorySessionStore } from '../src/auth/memory-store';
import { cookieValue, SessionReader } from '../src/auth/session-reader';
import { loadSession, saveSession } from '../src/auth/session-store';

const SECRET = 'test-secret';
const sign = (sid: string, secret = SECRET) =>
  `s:${sid}.${createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '')}`;
const cookieHeader = (sid: string, secret = SECRET) =>
  `other=1; servedeck.sid=${encodeURIComponent(sign(sid, secret))}`;

// express-session's MemoryStore (as any other store: a fresh copy per read) and the BFF's in-memory store (parsed once)
const stores: Array<[string, () => Store]> = [
  ['MemoryStore', () => new MemoryStore()],
  ['InMemorySessionStore', () => new InMemorySessionStore()],
];

function setup(newStore: () => Store, maxAgeMs = 3_600_000, touchEveryMs = 60_000) {
  // the stores check expiry against the real clock: start from it
  let now = Date.now();
  const store = newStore();
  const touches: string[] = [];
  const touch = (store.touch ?? (() => undefined)).bind(store);
  store.touch = (sid: string, s: SessionData, cb?: (err?: unknown) => void) => {
    touches.push(String(s.cookie.expires instanceof Date ? s.cookie.expires.toISOString() : s.cookie.expires));
    touch(sid, s, cb);
  };
  const reader = new SessionReader({
    store,
    cookieName: 'servedeck.sid',
    secrets: [SECRET],
    maxAgeMs,
    touchEveryMs,
    now: () => now,
  });
  const data = (expiresAt: number) =>
    ({
      cookie: { originalMaxAge: maxAgeMs, expires: new Date(expiresAt), httpOnly: true, path: '/' },
      user: { name: 'u', groups: [] },
      csrfToken: 'tok',
    }) as unknown as SessionData;
  return {
    store,
    reader,
    touches,
    data,
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe.each(stores)('SessionReader (the inference proxy`s session read) on %s', (_name, newStore) => {
  it('reads a session by its signed cookie as express-session does, and nothing else', async () => {
    const t = setup(newStore);
    await saveSession(t.store, 'sid-1', t.data(t.now + 3_600_000));
    expect((await t.reader.read(cookieHeader('sid-1')))?.data.user).toEqual({ name: 'u', groups: [] });
    // another secret, a tampered id, an unsigned cookie, no cookie, an unknown session
    expect(await t.reader.read(cookieHeader('sid-1', 'other-secret'))).toBeUndefined();
    expect(await t.reader.read(cookieHeader('sid-1').replace('sid-1', 'sid-2'))).toBeUndefined();
    expect(await t.reader.read('servedeck.sid=sid-1')).toBeUndefined();
    expect(await t.reader.read(undefined)).toBeUndefined();
    expect(await t.reader.read(cookieHeader('sid-9'))).toBeUndefined();
  });

  it('refuses a session whose stored expiry has passed', async () => {
    const t = setup(newStore);
    await saveSession(t.store, 'sid-1', t.data(t.now + 1000));
    t.advance(2000);
    expect(await t.reader.read(cookieHeader('sid-1'))).toBeUndefined();
  });

  it('touches a session at most once per interval, extending its expiry by maxAge from now', async () => {
    const t = setup(newStore, 3_600_000, 60_000);
    const start = t.now;
    await saveSession(t.store, 'sid-1', t.data(t.now + 3_600_000));
    const first = await t.reader.read(cookieHeader('sid-1'));
    if (!first) throw new Error('no session');
    t.reader.touch(first);
    t.advance(30_000);
    t.reader.touch(first);
    expect(t.touches).toEqual([new Date(start + 3_600_000).toISOString()]);
    t.advance(30_000);
    t.reader.touch(first);
    expect(t.touches.at(-1)).toBe(new Date(start + 60_000 + 3_600_000).toISOString());
    expect(t.touches).toHaveLength(2);
    // the store keeps the session's other fields: a touch never overwrites them
    const stored = await loadSession(t.store, 'sid-1');
    expect(stored?.user).toEqual({ name: 'u', groups: [] });
    expect(new Date(String(stored?.cookie.expires)).toISOString()).toBe(t.touches.at(-1));
  });

  it('a logged-out (destroyed) session is gone at once, whatever was touched or cached', async () => {
    const t = setup(newStore);
    await saveSession(t.store, 'sid-1', t.data(t.now + 3_600_000));
    const s = await t.reader.read(cookieHeader('sid-1'));
    if (!s) throw new Error('no session');
    t.reader.touch(s);
    await new Promise<void>((ok) => t.store.destroy('sid-1', () => ok()));
    expect(await t.reader.read(cookieHeader('sid-1'))).toBeUndefined();
  });

  it('a session written again (refreshed tokens, logout elsewhere) is read as written, never as cached', async () => {
    const t = setup(newStore);
    await saveSession(t.store, 'sid-1', t.data(t.now + 3_600_000));
    expect((await t.reader.read(cookieHeader('sid-1')))?.data.csrfToken).toBe('tok');
    await saveSession(t.store, 'sid-1', { ...t.data(t.now + 3_600_000), csrfToken: 'tok-2' } as SessionData);
    expect((await t.reader.read(cookieHeader('sid-1')))?.data.csrfToken).toBe('tok-2');
    // a valid cookie read first does not make a tampered one pass
    expect(await t.reader.read(cookieHeader('sid-1').replace(/.$/, 'A'))).toBeUndefined();
    // a session saved already expired is not read
    await saveSession(t.store, 'sid-1', t.data(t.now - 1));
    expect(await t.reader.read(cookieHeader('sid-1'))).toBeUndefined();
  });

  it('cookieValue: the first cookie of that name, percent-decoded, quotes removed', () => {
    expect(cookieValue('a=1; servedeck.sid=s%3Ax.y; servedeck.sid=second', 'servedeck.sid')).toBe('s:x.y');
    expect(cookieValue('servedeck.sid="s:q.r"', 'servedeck.sid')).toBe('s:q.r');
    expect(cookieValue('xservedeck.sid=1', 'servedeck.sid')).toBeUndefined();
    expect(cookieValue('servedeck.sid=%E0%A4%A', 'servedeck.sid')).toBe('%E0%A4%A');
  });
});
