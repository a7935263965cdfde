import { stringify } from 'yaml';

/** kube-apiserver --authentication-config (apiserver.config.k8s.io/v1): trust Dex's ID tokens. */
export function renderAuthenticationConfig(input: { issuer: string; audience: string; caPem: string }): string {
  return stringify({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    jwt: [
      {
        issuer: { url: input.issuer, audiences: [input.audience], certificateAuthority: input.caPem },
        claimMappings: {
          username: { claim: 'email', prefix: '' },
          groups: { claim: 'groups', prefix: '' },
        },
      },
    ],
  });
}
