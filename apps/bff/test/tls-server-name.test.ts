import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createCluster, K8sClient } from '../src/k8s/client';
import { loadKubeconfig } from '../src/k8s/kubeconfig';

/**
 * An apiserver reached by address whose certificate names only a DNS name (as behind a load balancer or
 * an SSH tunnel): kubeconfig `tls-server-name` makes ServeDeck send that name (SNI) and check the
 * certificate against it.
 */
describe('kubeconfig tls-server-name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-tls-'));
  let server: Server;
  let url = '';
  let ca = '';
  const sni: Array<string | false> = [];

  beforeAll(async () => {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
    ]);
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'srv.key',
      '-out',
      'srv.csr',
      '-subj',
      '/CN=kube.internal',
    ]);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:kube.internal\n');
    run([
      'x509',
      '-req',
      '-in',
      'srv.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'srv.crt',
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
    ]);
    ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    server = createServer(
      { key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.crt')) },
      (req, res) => {
        sni.push((req.socket as unknown as { servername: string | false }).servername);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'NamespaceList', items: [] }));
      },
    );
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  function kubeconfigFile(cluster: Record<string, unknown>): string {
    const file = join(mkdtempSync(join(dir, 'kc-')), 'kubeconfig');
    writeFileSync(
      file,
      stringify({
        'current-context': 'x',
        clusters: [
          {
            name: 'x',
            cluster: { server: url, 'certificate-authority-data': Buffer.from(ca).toString('base64'), ...cluster },
          },
        ],
        contexts: [{ name: 'x', context: { cluster: 'x', user: 'x' } }],
        users: [{ name: 'x', user: { token: 't' } }],
      }),
    );
    return file;
  }

  async function list(file: string): Promise<number> {
    const cluster = createCluster(loadKubeconfig(file));
    try {
      return (await new K8sClient(cluster, { kind: 'kubeconfig' }).call('GET', '/api/v1/namespaces')).status;
    } finally {
      await cluster.close();
    }
  }

  it('with tls-server-name the certificate for kube.internal is accepted at 127.0.0.1, and SNI names it', async () => {
    expect(await list(kubeconfigFile({ 'tls-server-name': 'kube.internal' }))).toBe(200);
    expect(sni.at(-1)).toBe('kube.internal');
  });

  it('without it the same certificate is refused (the address is not in it)', async () => {
    await expect(list(kubeconfigFile({}))).rejects.toMatchObject({ apiError: { status: 503 } });
  });
});
