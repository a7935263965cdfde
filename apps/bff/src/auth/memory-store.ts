import { type SessionData, Store } from 'express-session';

type Callback<T> = (err: unknown, value?: T) => void;

/** A session as the lean path reads it: shared, never to be changed by the reader, and when it expires. */
export type PeekedSession = { data: SessionData; expiresAt: number | undefined };

function expiryOf(data: SessionData): number | undefined {
  const expires = data.cookie?.expires;
  if (expires === undefined || expires === null) return undefined;
  const ms = new Date(expires).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The single-process session store (no SERVEDECK_REDIS_URL): express-session's MemoryStore, the same
 * contract (sessions kept as JSON, so every `get` is the caller's own copy; expired ones forgotten on read),
 * plus `peek` for the inference lean path: the session parsed once and shared until it is written, touched
 * or destroyed (MemoryStore parses its JSON on every read and answers a tick later, for each proxied request).
 */
export class InMemorySessionStore extends Store {
  private readonly sessions = new Map<string, string>();
  private readonly parsed = new Map<string, PeekedSession>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** The stored session, parsed once per write; undefined when unknown or expired (then forgotten). */
  peek(sid: string): PeekedSession | undefined {
    let entry = this.parsed.get(sid);
    if (!entry) {
      const json = this.sessions.get(sid);
      if (json === undefined) return undefined;
      const data = JSON.parse(json) as SessionData;
      entry = { data, expiresAt: expiryOf(data) };
      this.parsed.set(sid, entry);
    }
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.forget(sid);
      return undefined;
    }
    return entry;
  }

  override get(sid: string, cb: Callback<SessionData | null>): void {
    const json = this.peek(sid) ? this.sessions.get(sid) : undefined;
    const copy = json === undefined ? null : (JSON.parse(json) as SessionData);
    setImmediate(cb, null, copy);
  }

  override set(sid: string, data: SessionData, cb?: (err?: unknown) => void): void {
    this.parsed.delete(sid);
    this.sessions.set(sid, JSON.stringify(data));
    if (cb) setImmediate(cb);
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.forget(sid);
    if (cb) setImmediate(cb);
  }

  /** A new expiry for a stored session (its cookie), as MemoryStore does; unknown or expired sessions stay gone. */
  override touch(sid: string, data: SessionData, cb?: () => void): void {
    const current = this.peek(sid);
    if (current) {
      this.parsed.delete(sid);
      this.sessions.set(sid, JSON.stringify({ ...current.data, cookie: data.cookie }));
    }
    if (cb) setImmediate(cb);
  }

  override all(cb: Callback<Record<string, SessionData>>): void {
    const out: Record<string, SessionData> = {};
    for (const sid of [...this.sessions.keys()]) {
      const s = this.peek(sid);
      if (s) out[sid] = JSON.parse(JSON.stringify(s.data)) as SessionData;
    }
    setImmediate(cb, null, out);
  }

  override length(cb: Callback<number>): void {
    this.all((err, all) => cb(err, all ? Object.keys(all).length : 0));
  }

  override clear(cb?: (err?: unknown) => void): void {
    this.sessions.clear();
    this.parsed.clear();
    if (cb) setImmediate(cb);
  }

  private forget(sid: string): void {
    this.sessions.delete(sid);
    this.parsed.delete(sid);
  }
}
