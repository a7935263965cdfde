/** The single-process session store: express-session's MemoryStore contract, plus the lean path's parsed copy. */
import type { SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import { InMemorySessionStore } from '../src/auth/memory-store';
import { destroySession, loadSession, saveSession } from '../src/auth/session-store';

const session = (expires: number, csrfToken = 'tok') =>
  ({ cookie: { originalMaxAge: 60_000, expires: new Date(expires) }, csrfToken }) as unknown as SessionData;

describe('InMemorySessionStore', () => {
  it('get answers a copy of its own each time, as MemoryStore does (express-session changes it)', async () => {
    const store = new InMemorySessionStore();
    await saveSession(store, 'a', session(Date.now() + 60_000));
    const one = await loadSession(store, 'a');
    if (!one) throw new Error('no session');
    one.csrfToken = 'changed';
    expect((await loadSession(store, 'a'))?.csrfToken).toBe('tok');
    expect(store.peek('a')?.data.csrfToken).toBe('tok');
  });

  it('peek shares one parsed session until it is written, touched or destroyed', async () => {
    let now = 1_000_000;
    const store = new InMemorySessionStore(() => now);
    await saveSession(store, 'a', session(now + 60_000));
    const first = store.peek('a');
    expect(store.peek('a')).toBe(first);
    expect(first?.expiresAt).toBe(now + 60_000);
    await saveSession(store, 'a', session(now + 60_000, 'tok-2'));
    expect(store.peek('a')).not.toBe(first);
    expect(store.peek('a')?.data.csrfToken).toBe('tok-2');
    const before = store.peek('a');
    await new Promise<void>((ok) => store.touch('a', session(now + 120_000), ok));
    expect(store.peek('a')).not.toBe(before);
    expect(store.peek('a')?.expiresAt).toBe(now + 120_000);
    expect(store.peek('a')?.data.csrfToken).toBe('tok-2');
    await destroySession(store, 'a');
    expect(store.peek('a')).toBeUndefined();
    expect(await loadSession(store, 'a')).toBeUndefined();
    // a touch does not bring a destroyed session back
    await new Promise<void>((ok) => store.touch('a', session(now + 120_000), ok));
    expect(store.peek('a')).toBeUndefined();
    now += 1;
  });

  it('an expired session is neither peeked nor read, and is forgotten', async () => {
    let now = 1_000_000;
    const store = new InMemorySessionStore(() => now);
    await saveSession(store, 'a', session(now + 1000));
    expect(store.peek('a')).toBeDefined();
    now += 1000;
    expect(store.peek('a')).toBeUndefined();
    expect(await loadSession(store, 'a')).toBeUndefined();
    now -= 1000;
    expect(store.peek('a')).toBeUndefined();
    const all = await new Promise<Record<string, SessionData>>((ok) => store.all((_e, v) => ok(v ?? {})));
    expect(Object.keys(all)).toEqual([]);
  });
});
