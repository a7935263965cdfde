import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '@servedeck/shared';
import { RedisStore } from 'connect-redis';
import type { RequestHandler } from 'express';
import session, { type Store } from 'express-session';
import { createClient } from 'redis';
import type { Logger } from '../logger';
import { InMemorySessionStore } from './memory-store';
import './session-data';
import { SessionReader } from './session-reader';

export type SessionSetup = {
  middleware: RequestHandler;
  store: Store;
  /** Reads sessions without express-session (the inference proxy's lean path). */
  reader: SessionReader;
  close(): Promise<void>;
};

export type SessionOptions = {
  publicUrl: string;
  cookiePath: string;
  secret: string | undefined;
  maxAgeS: number;
  redisUrl: string | undefined;
  /** The lean reader touches a session at most this often (default: a tenth of maxAge, at most 60 s). */
  touchEveryS?: number;
};

/**
 * Server-side sessions; the browser holds one opaque cookie.
 * - HttpOnly: scripts cannot read it.
 * - SameSite=Lax, not Strict: the OIDC callback is a top-level navigation *from Dex* (a cross-site
 *   redirect); with Strict the browser would drop the cookie there, the pending login (state, nonce,
 *   PKCE verifier) would be lost and every login would fail. Lax sends it on top-level GET navigations
 *   only, so cross-site POSTs (CSRF) still go without it; the CSRF token and Origin checks cover the rest.
 * - Secure when the public URL is https.
 */
export async function createSessions(opts: SessionOptions, logger: Logger): Promise<SessionSetup> {
  let store: Store;
  let close: () => Promise<void> = async () => {};
  if (opts.redisUrl) {
    const redis = createClient({ url: opts.redisUrl });
    redis.on('error', (err: unknown) => logger.error({ err }, 'redis error'));
    await redis.connect();
    store = new RedisStore({ client: redis, prefix: 'servedeck:sess:' });
    close = async () => {
      await redis.close();
    };
  } else {
    store = new InMemorySessionStore();
  }
  if (!opts.secret) {
    logger.warn('SERVEDECK_SESSION_SECRET is not set: using a random secret, sessions end when the BFF restarts');
  }
  const secure = opts.publicUrl.startsWith('https:');
  const secret = opts.secret ?? randomBytes(32).toString('hex');
  const middleware = session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    proxy: secure ? true : undefined,
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: opts.cookiePath, maxAge: opts.maxAgeS * 1000 },
  });
  const reader = new SessionReader({
    store,
    cookieName: SESSION_COOKIE,
    secrets: [secret],
    maxAgeMs: opts.maxAgeS * 1000,
    touchEveryMs: (opts.touchEveryS ?? Math.min(60, opts.maxAgeS / 10)) * 1000,
  });
  return { middleware, store, reader, close };
}
