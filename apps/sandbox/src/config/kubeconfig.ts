import { stringify } from 'yaml';

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/** The admin kubeconfig: the sandbox CA and a client certificate in O=system:masters, all inline. */
export function renderKubeconfig(input: { server: string; caPem: string; certPem: string; keyPem: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sandbox', cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
    users: [
      {
        name: 'sandbox-admin',
        user: { 'client-certificate-data': b64(input.certPem), 'client-key-data': b64(input.keyPem) },
      },
    ],
    contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user: 'sandbox-admin' } }],
    'current-context': 'sandbox',
    preferences: {},
  });
}
