import { parse as parseCookie } from 'cookie';
import signature from 'cookie-signature';
import type { SessionData, Store } from 'express-session';
import { InMemorySessionStore } from './memory-store';
import { loadSession, type StoredSession } from './session-store';

export type SessionReaderOptions = {
  store: Store;
  /** The cookie name (SESSION_COOKIE). */
  cookieName: string;
  /** express-session's secret(s): the first signs, every one verifies. */
  secrets: string[];
  /** The session's lifetime (the cookie's maxAge): the store forgets a session this long after its last touch. */
  maxAgeMs: number;
  /** Touch (extend in the store) at most this often per session. */
  touchEveryMs: number;
  now?: () => number;
};

/** `s:<sid>.<sig>` checked as express-session does it (the same cookie-signature), against every secret. */
function unsign(signed: string, secrets: string[]): string | undefined {
  for (const secret of secrets) {
    const value = signature.unsign(signed, secret);
    if (value !== false) return value;
  }
  return undefined;
}

/** The first `name=value` of a Cookie header, decoded by the `cookie` package (as express-session parses it). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  return header ? parseCookie(header)[name] : undefined;
}

/**
 * Reads express-session's sessions straight from the store, for the inference proxy's lean path: the
 * same cookie and signature checks as express-session, but no per-request session object, hash, or
 * touch. Idle expiry stays as express-session keeps it (the store forgets a session `maxAge` after its
 * last touch) except that a session is touched at most once per `touchEveryMs`: a session in use
 * through the proxy alone may expire up to that much earlier than with a touch on every request.
 */
export class SessionReader {
  /** Verified cookie values → session id (the signature check is an HMAC per request otherwise). */
  private readonly verified = new Map<string, string>();
  private readonly touched = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly o: SessionReaderOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The session id of a request's cookie when its signature is valid. */
  sessionId(cookieHeader: string | undefined): string | undefined {
    const raw = cookieValue(cookieHeader, this.o.cookieName);
    if (!raw?.startsWith('s:')) return undefined;
    const hit = this.verified.get(raw);
    if (hit !== undefined) return hit;
    const sid = unsign(raw.slice(2), this.o.secrets);
    if (sid === undefined) return undefined;
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(raw, sid);
    return sid;
  }

  /**
   * The stored session of a request, or undefined (no cookie, bad signature, unknown or expired session).
   * From the in-memory store, the session it keeps parsed (shared: callers only read it, and a change goes
   * through the store, which drops the parsed copy); from any other store, a fresh copy.
   */
  async read(cookieHeader: string | undefined): Promise<StoredSession | undefined> {
    const sid = this.sessionId(cookieHeader);
    if (sid === undefined) return undefined;
    const store = this.o.store;
    if (store instanceof InMemorySessionStore) {
      const s = store.peek(sid);
      if (!s || (s.expiresAt !== undefined && s.expiresAt <= this.now())) return undefined;
      return { sid, data: s.data };
    }
    const data = await loadSession(store, sid);
    if (!data) return undefined;
    const expires = data.cookie?.expires;
    if (expires && new Date(expires).getTime() <= this.now()) return undefined;
    return { sid, data };
  }

  /**
   * Extend the session's life in the store (what express-session does after every request), at most once
   * per `touchEveryMs` per session. Never awaited by the caller's answer; a failed touch is retried next time.
   */
  touch(s: StoredSession): void {
    const now = this.now();
    const last = this.touched.get(s.sid);
    if (last !== undefined && now - last < this.o.touchEveryMs) return;
    const store = this.o.store;
    if (!store.touch) return;
    if (this.touched.size >= 10_000) {
      for (const [k, t] of this.touched) if (now - t >= this.o.touchEveryMs) this.touched.delete(k);
      if (this.touched.size >= 10_000) this.touched.clear();
    }
    this.touched.set(s.sid, now);
    const stored = s.data.cookie?.originalMaxAge;
    const maxAge = typeof stored === 'number' && stored > 0 ? stored : this.o.maxAgeMs;
    const cookie = { ...s.data.cookie, expires: new Date(now + maxAge) };
    store.touch(s.sid, { ...s.data, cookie } as SessionData, (err?: unknown) => {
      if (err) this.touched.delete(s.sid);
    });
  }

  /** Forget a session (logout or expiry seen elsewhere): the next request touches it again if it exists. */
  forget(sid: string): void {
    this.touched.delete(sid);
  }
}
