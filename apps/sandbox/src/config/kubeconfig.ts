import { stringify } from 'yaml';

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/**
 * A kubeconfig with the sandbox CA and a client certificate, all inline: the admin's (O=system:masters)
 * or a control-plane component's (`user` names it).
 */
export function renderKubeconfig(input: {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  user?: string;
}): string {
  const user = input.user ?? 'sandbox-admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sandbox', cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
    users: [
      {
        name: user,
        user: { 'client-certificate-data': b64(input.certPem), 'client-key-data': b64(input.keyPem) },
      },
    ],
    contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user } }],
    'current-context': 'sandbox',
    preferences: {},
  });
}
