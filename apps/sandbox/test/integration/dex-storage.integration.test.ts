import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dexEtcdNamespace, dexIssuer } from '../../src/config/dex';
import { passwordGrant } from '../../src/dex-token';
import { clientId } from '../../src/versions';
import { sandbox } from './sandbox';

const sbx = sandbox();

/** etcd's v3 JSON gateway: POST /v3/kv/range (keys and values base64). */
const rangeResponse = z.object({ kvs: z.array(z.object({ key: z.string(), value: z.string() })).optional() });
/** Dex's etcd record of its signing keys (storage.Keys as JSON: Go field names). */
const dexKeys = z.object({ SigningKeyPub: z.object({ kid: z.string() }), NextRotation: z.string() });

async function etcdGet(key: string): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${sbx.state.ports.etcd}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from(key).toString('base64') }),
  });
  expect(res.status).toBe(200);
  const kv = rangeResponse.parse(await res.json()).kvs?.[0];
  return kv ? Buffer.from(kv.value, 'base64').toString('utf8') : undefined;
}

function kidOf(jwt: string): string {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8'));
  return z.object({ kid: z.string() }).parse(header).kid;
}

describe('Dex storage', () => {
  // A restarted Dex reads these keys back instead of making new ones, so ID tokens it signed before the
  // restart stay valid at the apiserver (the restart itself: apps/bff test/faults/dex-down).
  it('keeps the key that signs ID tokens in the sandbox etcd, under dex/', async () => {
    const kid = kidOf(await sbx.idToken('viewer@example.com'));
    const stored = await etcdGet(`${dexEtcdNamespace}openid-connect-keys`);
    expect(stored, 'Dex signing keys in etcd').toBeDefined();
    expect(dexKeys.parse(JSON.parse(stored ?? '')).SigningKeyPub.kid).toBe(kid);
  });

  it('keeps refresh tokens there too, and issues them only for offline_access', async () => {
    const grant = (offlineAccess: boolean) =>
      passwordGrant({
        issuer: dexIssuer(sbx.state.ports.dex),
        caPem: readFileSync(sbx.ctx.l.pki.caCert, 'utf8'),
        clientId,
        clientSecret: sbx.state.clientSecret,
        username: 'viewer@example.com',
        password: 'viewer1234',
        offlineAccess,
      });
    const idOnly = await grant(false);
    expect(idOnly.ok).toBe(true);
    expect(idOnly.ok ? idOnly.value.refresh_token : 'failed').toBeUndefined();
    const offline = await grant(true);
    const refreshToken = offline.ok ? offline.value.refresh_token : undefined;
    expect(refreshToken).toMatch(/\S/);
    const res = await fetch(`http://127.0.0.1:${sbx.state.ports.etcd}/v3/kv/range`, {
      method: 'POST',
      body: JSON.stringify({
        key: Buffer.from(`${dexEtcdNamespace}offline_session/`).toString('base64'),
        range_end: Buffer.from(`${dexEtcdNamespace}offline_session0`).toString('base64'),
        keys_only: true,
      }),
    });
    const keys = z
      .object({ kvs: z.array(z.object({ key: z.string() })).optional() })
      .parse(await res.json())
      .kvs?.map((k) => Buffer.from(k.key, 'base64').toString('utf8'));
    // userID of viewer@example.com (src/users.ts) and the password connector `local`
    expect(keys).toContain(`${dexEtcdNamespace}offline_session/15841185641786|local`);
  });
});
