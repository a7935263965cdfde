import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { renderAuthenticationConfig } from '../src/config/authentication';
import { dexIssuer, redirectUris, renderDexConfig } from '../src/config/dex';
import { renderKubeconfig } from '../src/config/kubeconfig';
import { users } from '../src/users';

describe('renderDexConfig', () => {
  const cfg = parse(
    renderDexConfig({
      port: 5556,
      tlsCert: '/s/pki/dex.crt',
      tlsKey: '/s/pki/dex.key',
      clientId: 'servedeck',
      clientSecret: 'sekret',
      redirectPorts: [8080, 5173],
      etcdEndpoint: 'http://127.0.0.1:2379',
      users: users.map((u) => ({ ...u, hash: `hash-of-${u.password}` })),
    }),
  );

  it('serves HTTPS on 127.0.0.1 with the issuer the apiserver trusts', () => {
    expect(cfg.issuer).toBe('https://127.0.0.1:5556/dex');
    expect(cfg.web).toEqual({ https: '127.0.0.1:5556', tlsCert: '/s/pki/dex.crt', tlsKey: '/s/pki/dex.key' });
  });
  it('keeps signing keys and refresh tokens in the sandbox etcd under dex/ (survive a Dex restart)', () => {
    expect(cfg.storage).toEqual({
      type: 'etcd',
      config: { endpoints: ['http://127.0.0.1:2379'], namespace: 'dex/' },
    });
  });
  it('enables the password grant against the password DB, with static users and groups', () => {
    expect(cfg.oauth2).toMatchObject({ skipApprovalScreen: true, passwordConnector: 'local' });
    expect(cfg.enablePasswordDB).toBe(true);
    expect(cfg.staticPasswords).toContainEqual({
      email: 'user@example.com',
      hash: 'hash-of-12341234',
      username: 'user',
      userID: '15841185641784',
      groups: ['kubeflow-users'],
    });
    expect(cfg.staticPasswords.map((p: { email: string }) => p.email)).toEqual([
      'user@example.com',
      'alice@example.com',
      'viewer@example.com',
    ]);
    expect(cfg.expiry.idTokens).toBe('10m');
  });
  it('registers the servedeck client with both loopback redirect URIs per port', () => {
    expect(cfg.staticClients).toEqual([
      {
        id: 'servedeck',
        name: 'ServeDeck',
        secret: 'sekret',
        redirectURIs: [
          'http://127.0.0.1:8080/auth/callback',
          'http://localhost:8080/auth/callback',
          'http://127.0.0.1:5173/auth/callback',
          'http://localhost:5173/auth/callback',
        ],
      },
    ]);
  });
  it('builds issuer and redirect URIs from ports', () => {
    expect(dexIssuer(1)).toBe('https://127.0.0.1:1/dex');
    expect(redirectUris([])).toEqual([]);
  });
});

describe('renderAuthenticationConfig', () => {
  it('maps email and groups without prefixes and embeds the CA as PEM text', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n';
    const cfg = parse(
      renderAuthenticationConfig({ issuer: 'https://127.0.0.1:9/dex', audience: 'servedeck', caPem: pem }),
    );
    expect(cfg).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthenticationConfiguration',
      jwt: [
        {
          issuer: { url: 'https://127.0.0.1:9/dex', audiences: ['servedeck'], certificateAuthority: pem },
          claimMappings: { username: { claim: 'email', prefix: '' }, groups: { claim: 'groups', prefix: '' } },
        },
      ],
    });
  });
});

describe('renderKubeconfig', () => {
  it('holds the server, the CA and the admin client certificate inline (base64)', () => {
    const cfg = parse(
      renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' }),
    );
    const shape = z.object({
      clusters: z.tuple([
        z.object({ cluster: z.object({ server: z.string(), 'certificate-authority-data': z.string() }) }),
      ]),
      users: z.tuple([
        z.object({ user: z.object({ 'client-certificate-data': z.string(), 'client-key-data': z.string() }) }),
      ]),
      'current-context': z.literal('sandbox'),
    });
    const k = shape.parse(cfg);
    const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
    expect(k.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    expect(b64(k.clusters[0].cluster['certificate-authority-data'])).toBe('CA');
    expect(b64(k.users[0].user['client-certificate-data'])).toBe('CERT');
    expect(b64(k.users[0].user['client-key-data'])).toBe('KEY');
  });
});
