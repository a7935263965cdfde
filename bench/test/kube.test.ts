import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { adminTarget } from '../src/kube';

function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kc-'));
  writeFileSync(join(dir, 'ca.crt'), 'CA-PEM');
  writeFileSync(join(dir, 'admin.crt'), 'CERT-PEM');
  writeFileSync(join(dir, 'admin.key'), 'KEY-PEM');
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      'current-context': 'admin',
      clusters: [
        { name: 'other', cluster: { server: 'https://other:1' } },
        { name: 'sandbox', cluster: { server: 'https://127.0.0.1:6443', ...cluster } },
      ],
      contexts: [{ name: 'admin', context: { cluster: 'sandbox', user: 'admin' } }],
      users: [{ name: 'admin', user }],
    }),
  );
  return file;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The bench loads the sandbox kubeconfig with client-node's KubeConfig, as the BFF and the sandbox do. */
describe('adminTarget', () => {
  it('reads inline data of the current context (the sandbox kubeconfig)', () => {
    const t = adminTarget(
      kubeconfig(
        { 'certificate-authority-data': b64('CA') },
        { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
      ),
    );
    expect({ server: t.server, ca: String(t.ca), cert: String(t.cert), key: String(t.key) }).toEqual({
      server: 'https://127.0.0.1:6443',
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
  });

  it('reads files relative to the kubeconfig', () => {
    const t = adminTarget(
      kubeconfig(
        { 'certificate-authority': 'ca.crt' },
        { 'client-certificate': 'admin.crt', 'client-key': 'admin.key' },
      ),
    );
    expect([String(t.ca), String(t.cert), String(t.key)]).toEqual(['CA-PEM', 'CERT-PEM', 'KEY-PEM']);
  });

  it('says what is missing', () => {
    expect(() => adminTarget(kubeconfig({}, { token: 't' }))).toThrow(
      /needs a cluster with a CA and a user with a client certificate/,
    );
  });
});
