import { stringify } from 'yaml';
import type { SandboxUser } from '../users';

export type DexConfigInput = {
  port: number;
  tlsCert: string;
  tlsKey: string;
  clientId: string;
  clientSecret: string;
  redirectPorts: readonly number[];
  /** Users with their bcrypt password hash. */
  users: readonly (SandboxUser & { hash: string })[];
};

export function dexIssuer(port: number): string {
  return `https://127.0.0.1:${port}/dex`;
}

export function redirectUris(ports: readonly number[]): string[] {
  return ports.flatMap((p) => [`http://127.0.0.1:${p}/auth/callback`, `http://localhost:${p}/auth/callback`]);
}

/** Dex's config.yaml: HTTPS issuer, memory storage, the password DB with static users, one static client. */
export function renderDexConfig(input: DexConfigInput): string {
  return stringify({
    issuer: dexIssuer(input.port),
    storage: { type: 'memory' },
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
