import { stringify } from 'yaml';
import type { SandboxUser } from '../users';

export type DexConfigInput = {
  port: number;
  tlsCert: string;
  tlsKey: string;
  clientId: string;
  clientSecret: string;
  redirectPorts: readonly number[];
  /** The sandbox's own etcd (`http://127.0.0.1:<port>`): Dex keeps its signing keys and refresh tokens there. */
  etcdEndpoint: string;
  /** Users with their bcrypt password hash. */
  users: readonly (SandboxUser & { hash: string })[];
};

export function dexIssuer(port: number): string {
  return `https://127.0.0.1:${port}/dex`;
}

export function redirectUris(ports: readonly number[]): string[] {
  return ports.flatMap((p) => [`http://127.0.0.1:${p}/auth/callback`, `http://localhost:${p}/auth/callback`]);
}

/** Key prefix of Dex's objects in the sandbox etcd (kube-apiserver's are under /registry/). */
export const dexEtcdNamespace = 'dex/';

/**
 * Dex's config.yaml: HTTPS issuer, etcd storage, the password DB with static users, one static client.
 *
 * Storage is the sandbox's etcd, not memory: with memory storage every Dex restart made new signing keys and
 * forgot refresh tokens, so every session ended and the apiserver rejected the new keys' ID tokens until it
 * refetched the JWKS. etcd storage needs no CGO (sqlite3 would: the Dex binary is built with CGO_ENABLED=0)
 * and shares the cluster's lifecycle: `down`/`up` keep it, `reset` removes it with the etcd data dir.
 */
export function renderDexConfig(input: DexConfigInput): string {
  return stringify({
    issuer: dexIssuer(input.port),
    storage: { type: 'etcd', config: { endpoints: [input.etcdEndpoint], namespace: dexEtcdNamespace } },
    web: { https: `127.0.0.1:${input.port}`, tlsCert: input.tlsCert, tlsKey: input.tlsKey },
    logger: { level: 'info', format: 'text' },
    oauth2: {
      skipApprovalScreen: true,
      // Enables grant_type=password against the local password DB (API tests, `sandbox token`).
      passwordConnector: 'local',
      responseTypes: ['code'],
    },
    expiry: {
      idTokens: '10m',
      signingKeys: '6h',
      refreshTokens: { validIfNotUsedFor: '168h', absoluteLifetime: '720h', reuseInterval: '3s' },
    },
    enablePasswordDB: true,
    staticPasswords: input.users.map((u) => ({
      email: u.email,
      hash: u.hash,
      username: u.username,
      userID: u.userID,
      groups: u.groups,
    })),
    staticClients: [
      {
        id: input.clientId,
        name: 'ServeDeck',
        secret: input.clientSecret,
        redirectURIs: redirectUris(input.redirectPorts),
      },
    ],
  });
}
