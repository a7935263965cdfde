import type { Request } from 'express';
import { MemoryStore } from 'express-session';
import { describe, expect, it } from 'vitest';
import { InMemorySessionStore } from '../src/auth/memory-store';
import { Authenticator } from '../src/auth/require-session';
import { loadSession, saveSession } from '../src/auth/session-store';
import { HttpApiError } from '../src/http/api-error';
import { FakeOidc, silent } from './helpers/app';

/** What a long-lived stream asks for its credentials on every (re)connect: its session re-read by id. */
/** The stream's request: oidc mode reads nothing from it. */
const streamReq = {} as Request;

describe('Authenticator.authenticate (streams: the session by id) with an expired ID token', () => {
  const setup = async () => {
    const store = new MemoryStore();
    const oidc = new FakeOidc();
    const auth = new Authenticator({
      mode: 'oidc',
      oidc,
      store,
      isTrustedPeer: () => false,
      kubeconfigUser: 'kubeconfig',
      logger: silent,
    });
    const user = { name: 'user@example.com', groups: [] };
    const tokens = { idToken: 'id-1', refreshToken: 'refresh-1', expiresAt: Date.now() - 1000 };
    await saveSession(store, 'sid-1', { cookie: { originalMaxAge: 60_000 }, user, tokens } as never);
    const principal = {
      user,
      mode: 'oidc' as const,
      k8sAuth: { kind: 'bearer' as const, token: 'id-1' },
      gatewayToken: 'id-1',
      expiresAt: new Date(tokens.expiresAt).toISOString(),
      sessionId: 'sid-1',
    };
    return { store, oidc, auth, principal };
  };

  it('throws a retryable 503 IssuerUnavailable while the issuer is unreachable, and keeps the session', async () => {
    const { store, oidc, auth, principal } = await setup();
    oidc.refreshUnreachable = true;
    const err = await auth.authenticate(streamReq, { sid: principal.sessionId }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpApiError);
    expect((err as HttpApiError).apiError).toMatchObject({ status: 503, reason: 'IssuerUnavailable' });
    expect((await loadSession(store, 'sid-1'))?.tokens?.idToken).toBe('id-1');
    // the issuer is back: the stream gets the refreshed principal
    oidc.refreshUnreachable = false;
    const cur = await auth.authenticate(streamReq, { sid: principal.sessionId });
    expect(cur?.gatewayToken).toMatch(/^idtoken-user@example.com-/);
    expect((await loadSession(store, 'sid-1'))?.tokens?.idToken).toBe(cur?.gatewayToken);
  });

  it('ends (undefined) when the issuer refuses the refresh', async () => {
    const { oidc, auth, principal } = await setup();
    oidc.failRefresh = true;
    expect(await auth.authenticate(streamReq, { sid: principal.sessionId })).toBeUndefined();
  });
});

describe('Authenticator.authenticate on the lean path`s shared session (InMemorySessionStore.peek)', () => {
  it('reuses one principal while the session is unchanged, and makes a new one from refreshed tokens', async () => {
    const store = new InMemorySessionStore();
    const oidc = new FakeOidc();
    const auth = new Authenticator({
      mode: 'oidc',
      oidc,
      store,
      isTrustedPeer: () => false,
      kubeconfigUser: 'kubeconfig',
      logger: silent,
    });
    const user = { name: 'user@example.com', groups: ['g'] };
    const tokens = { idToken: 'id-1', refreshToken: 'refresh-1', expiresAt: Date.now() + 500_000 };
    await saveSession(store, 'sid-1', { cookie: { originalMaxAge: 60_000 }, user, tokens } as never);
    const read = () => {
      const s = store.peek('sid-1');
      if (!s) throw new Error('no session');
      return auth.authenticate(streamReq, { sid: 'sid-1', data: s.data });
    };
    const one = await read();
    expect(one?.gatewayToken).toBe('id-1');
    expect(await read()).toBe(one);
    // due for a refresh: the refreshed tokens are saved, and the next read gets a principal of its own
    const due = { ...tokens, expiresAt: Date.now() + 1000 };
    await saveSession(store, 'sid-1', { cookie: { originalMaxAge: 60_000 }, user, tokens: due } as never);
    const refreshed = await read();
    expect(refreshed).not.toBe(one);
    expect(refreshed?.gatewayToken).toMatch(/^idtoken-user@example.com-/);
    expect(refreshed?.expiresAt).not.toBe(one?.expiresAt);
    // the saved session is parsed anew once, then shared again
    const again = await read();
    expect(again?.gatewayToken).toBe(refreshed?.gatewayToken);
    expect(await read()).toBe(again);
    expect(oidc.refreshCalls).toBe(1);
  });
});
