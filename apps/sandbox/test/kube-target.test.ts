import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kubeconfigTarget } from '../src/kube';

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

/** The sandbox's admin client (used by the bench and tests too) loads a kubeconfig with client-node, as the BFF does. */
describe('kubeconfigTarget', () => {
  it('reads inline data of the current context (the sandbox kubeconfig)', () => {
    const t = kubeconfigTarget(
      kubeconfig(
        { 'certificate-authority-data': b64('CA') },
        { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
      ),
    );
    expect({ server: t.server, ca: String(t.tls.ca), cert: String(t.tls.cert), key: String(t.tls.key) }).toEqual({
      server: 'https://127.0.0.1:6443',
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
  });

  it('reads files relative to the kubeconfig', () => {
    const t = kubeconfigTarget(
      kubeconfig(
        { 'certificate-authority': 'ca.crt' },
        { 'client-certificate': 'admin.crt', 'client-key': 'admin.key' },
      ),
    );
    expect([String(t.tls.ca), String(t.tls.cert), String(t.tls.key)]).toEqual(['CA-PEM', 'CERT-PEM', 'KEY-PEM']);
  });

  it('says what is missing', () => {
    expect(() => kubeconfigTarget(kubeconfig({}, { token: 't' }))).toThrow(/needs a cluster with a CA/);
    expect(() => kubeconfigTarget(kubeconfig({ 'certificate-authority-data': b64('CA') }, {}))).toThrow(
      /needs a client certificate or a token/,
    );
  });

  it('takes a token when the user has no client certificate', () => {
    const t = kubeconfigTarget(kubeconfig({ 'certificate-authority-data': b64('CA') }, { token: 'tok' }));
    expect([t.token, t.tls.cert]).toEqual(['tok', undefined]);
  });
});
