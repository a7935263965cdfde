import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { LoginResult, Oidc } from '../../src/auth/oidc';
import { type Config, loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { buildServices, type Services } from '../../src/services';
import type { FakeServer } from './fake-apiserver';

export const silent = pino({ level: 'silent' });

/** A logger at `level` whose lines (parsed) land in `lines`. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}

/** A fake relying party: password grant accepts user@example.com / 12341234, tokens expire as told. */
export class FakeOidc implements Oidc {
  refreshCalls = 0;
  idTokenTtlMs = 10 * 60_000;
  /** The issuer refuses the refresh (invalid_grant): the session ends. */
  failRefresh = false;
  /** The issuer cannot be reached (a network error): the session is kept. */
  refreshUnreachable = false;
  /** The next this many password grants fail with 500 `server_error` (Dex's conflicting offline-session update). */
  passwordServerErrors = 0;
  passwordCalls = 0;
  private n = 0;

  private result(email: string): LoginResult {
    this.n += 1;
    return {
      user: { name: email, email, groups: ['kubeflow-users'] },
      tokens: {
        idToken: `idtoken-${email}-${this.n}`,
        refreshToken: `refresh-${this.n}`,
        expiresAt: Date.now() + this.idTokenTtlMs,
      },
    };
  }
  async startLogin() {
    return { url: 'https://issuer.test/auth?state=s1', state: 's1', codeVerifier: 'v', nonce: 'n' };
  }
  async finishLogin() {
    return this.result('user@example.com');
  }
  async passwordGrant(username: string, password: string) {
    this.passwordCalls += 1;
    if (this.passwordServerErrors > 0) {
      this.passwordServerErrors -= 1;
      const { ResponseBodyError } = await import('openid-client');
      throw new ResponseBodyError('server_error', {
        cause: { error: 'server_error' },
        response: new Response('{}', { status: 500 }),
      });
    }
    if (password !== '12341234') {
      const { ResponseBodyError } = await import('openid-client');
      throw new ResponseBodyError('invalid_grant', {
        cause: { error: 'invalid_grant' },
        response: new Response('{}', { status: 401 }),
      });
    }
    return this.result(username);
  }
  async refresh() {
    this.refreshCalls += 1;
    if (this.refreshUnreachable) throw new TypeError('fetch failed');
    if (this.failRefresh) {
      const { ResponseBodyError } = await import('openid-client');
      throw new ResponseBodyError('invalid_grant', {
        cause: { error: 'invalid_grant' },
        response: new Response('{}', { status: 400 }),
      });
    }
    return this.result('user@example.com');
  }
  async endSessionUrl() {
    return undefined;
  }
}

export type TestApp = { app: Express; services: Services; config: Config };

export async function testApp(env: Record<string, string>, oidc?: Oidc, logger: Logger = silent): Promise<TestApp> {
  const config = loadConfig({
    SERVEDECK_PUBLIC_URL: 'http://127.0.0.1:8080',
    SERVEDECK_PASSWORD_LOGIN: 'true',
    ...env,
  });
  const services = await buildServices(config, logger, { ...(oidc ? { oidc } : {}), defaultMetrics: false });
  const app = createApp({ webDist: undefined, isReady: async () => true, services });
  return { app, services, config };
}

/** Log in through the (fake) password grant; returns an agent with the cookie and the CSRF token. */
export async function loggedIn(app: Express, email = 'user@example.com') {
  const agent = request.agent(app);
  const res = await agent.post('/auth/password').send({ email, password: '12341234' }).expect(200);
  return { agent, csrf: String(res.body.csrfToken) };
}

/** The app against a fake apiserver, with password login through FakeOidc. */
export function fakeClusterApp(api: FakeServer): Promise<TestApp> {
  return testApp(
    {
      SERVEDECK_KUBECONFIG: api.kubeconfig(),
      SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
      SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
    },
    new FakeOidc(),
  );
}
