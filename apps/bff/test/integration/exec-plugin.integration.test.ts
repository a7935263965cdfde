import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Cluster, createCluster, K8sClient } from '../../src/k8s/client';
import { loadKubeconfig } from '../../src/k8s/kubeconfig';
import { sandboxEnv, USER_NS } from './client';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const plugin = resolve(here, '../fixtures/exec-credential-plugin.mjs');

/** A Dex ID token of a sandbox user (the sandbox CLI's password grant), as `aws eks get-token` would print one. */
function dexToken(email: string): string {
  const out = execFileSync(process.execPath, [join(repoRoot, 'scripts/sandbox.mjs'), 'token', email], {
    encoding: 'utf8',
  });
  return out.trim().split('\n').at(-1) ?? '';
}

/**
 * A kubeconfig whose user is an exec credential plugin (client.authentication.k8s.io/v1), as EKS, GKE and
 * AKS write them, against the sandbox apiserver: ServeDeck (kubeconfig mode) acts as the identity the
 * plugin returns, and runs the plugin again once its credential expires.
 */
describe('kubeconfig with an exec credential plugin, against the sandbox apiserver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-exec-it-'));
  const callsFile = join(dir, 'calls');
  const tokenFile = join(dir, 'token');
  let cluster: Cluster;

  beforeAll(() => {
    const sandbox = sandboxEnv();
    const admin = loadKubeconfig(sandbox.kubeconfig);
    writeFileSync(callsFile, '');
    writeFileSync(tokenFile, `${dexToken('user@example.com')}\n`);
    const file = join(dir, 'kubeconfig');
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'eks-like',
        clusters: [
          {
            name: 'sandbox',
            cluster: {
              server: admin.server,
              'certificate-authority-data': Buffer.from(admin.ca ?? '').toString('base64'),
            },
          },
        ],
        contexts: [{ name: 'eks-like', context: { cluster: 'sandbox', user: 'exec-user' } }],
        users: [
          {
            name: 'exec-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: process.execPath,
                args: [plugin],
                env: [
                  { name: 'PLUGIN_CALLS_FILE', value: callsFile },
                  { name: 'PLUGIN_TOKEN_FILE', value: tokenFile },
                  { name: 'PLUGIN_EXPIRES_S', value: '8' },
                ],
                interactiveMode: 'Never',
              },
            },
          },
        ],
      }),
    );
    cluster = createCluster(loadKubeconfig(file));
  });
  afterAll(() => cluster?.close());

  const calls = (): number => readFileSync(callsFile, 'utf8').split('\n').filter(Boolean).length;
  const isvcs = `/apis/serving.kserve.io/v1beta1/namespaces/${USER_NS}/inferenceservices`;

  it('acts as the Dex user the plugin names (user@example.com may list its namespace, not alice)', async () => {
    const client = new K8sClient(cluster, { kind: 'kubeconfig' });
    expect((await client.call('GET', isvcs)).status).toBe(200);
    await expect(
      client.call('GET', '/apis/serving.kserve.io/v1beta1/namespaces/alice/inferenceservices'),
    ).rejects.toMatchObject({ apiError: { status: 403 } });
    const review = await client.call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.body).toMatchObject({ status: { userInfo: { username: 'user@example.com' } } });
    expect(calls()).toBe(1);
  });

  it('runs the plugin again after the credential expires, and goes on working', async () => {
    const before = calls();
    await new Promise((r) => setTimeout(r, 8500)); // past expirationTimestamp (8 s: room for a loaded machine)
    writeFileSync(tokenFile, `${dexToken('user@example.com')}\n`);
    expect((await new K8sClient(cluster, { kind: 'kubeconfig' }).call('GET', isvcs)).status).toBe(200);
    expect(calls()).toBe(before + 1);
  });
});
