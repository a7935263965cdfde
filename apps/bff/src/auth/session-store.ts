import type { SessionData, Store } from 'express-session';
import './session-data';

/** A session as its store holds it: express-session's `req.session`, or one SessionReader read. */
export type StoredSession = { sid: string; data: SessionData };

export function loadSession(store: Store, sid: string): Promise<SessionData | undefined> {
  return new Promise((resolve, reject) => {
    store.get(sid, (err, data) => (err ? reject(err) : resolve(data ?? undefined)));
  });
}

export function saveSession(store: Store, sid: string, data: SessionData): Promise<void> {
  return new Promise((resolve, reject) => {
    store.set(sid, data, (err) => (err ? reject(err) : resolve()));
  });
}

/** Forget a session (it has ended); a failure to forget is ignored, as express-session's destroy is. */
export function destroySession(store: Store, sid: string): Promise<void> {
  return new Promise((resolve) => store.destroy(sid, () => resolve()));
}
