import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createCluster, K8sClient } from '../src/k8s/client';
import { KubeconfigError, loadKubeconfig, parseKubeconfig } from '../src/k8s/kubeconfig';
import { FakeServer } from './helpers/fake-apiserver';

const plugin = fileURLToPath(new URL('./fixtures/exec-credential-plugin.mjs', import.meta.url));

type User = Record<string, unknown>;
type ClusterEntry = Record<string, unknown>;

/** A kubeconfig with one context `ctx` of cluster `c` and user `u`, written to a temp folder. */
function kubeconfig(cluster: ClusterEntry, user: User, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-kc-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'ctx',
      clusters: [{ name: 'c', cluster }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      users: [{ name: 'u', user }],
      ...extra,
    }),
  );
  return file;
}

function refusal(file: string): string {
  try {
    loadKubeconfig(file);
  } catch (err) {
    expect(err).toBeInstanceOf(KubeconfigError);
    return (err as Error).message;
  }
  throw new Error('the kubeconfig was accepted');
}

describe('kubeconfig: refuses what it cannot use, naming the field', () => {
  const server = { server: 'https://127.0.0.1:6443' };
  it.each([
    [{ username: 'admin', password: 'pw' }, server, /users\[0\] \(u\)\.user\.username: basic authentication/],
    [{ token: 't', 'as-groups': ['system:masters'] }, server, /users\[0\] \(u\)\.user\.as-groups: impersonation/],
    [{ token: 't', 'token-file': '/x' }, server, /user\.token-file: not a kubeconfig field \(.*`tokenFile`\)/],
    [{ token: 't', colour: 'blue' }, server, /users\[0\] \(u\)\.user\.colour: not a field ServeDeck knows/],
    [
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'x', interactiveMode: 'Always' } },
      server,
      /user\.exec\.interactiveMode: a server has no terminal/,
    ],
    [
      { exec: { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' } },
      server,
      /user\.exec\.apiVersion: must be client\.authentication\.k8s\.io\/v1 or v1beta1/,
    ],
    [
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'x', provideClusterInfo: true } },
      server,
      /user\.exec\.provideClusterInfo: not supported/,
    ],
    [{ 'auth-provider': { name: 'openstack' } }, server, /user\.auth-provider\.name: only the oidc, azure and gcp/],
    [
      { token: 't' },
      { ...server, 'proxy-url': 'socks5://127.0.0.1:1080' },
      /clusters\[0\] \(c\)\.cluster\.proxy-url: only http:\/\/ and https:\/\/ proxies/,
    ],
    [{ token: 't' }, { server: 'ftp://x' }, /clusters\[0\] \(c\)\.cluster\.server: must be an http\(s\) URL/],
  ])('%j on %j', (user, cluster, message) => {
    const text = refusal(kubeconfig(cluster, user));
    expect(text).toMatch(message);
    expect(text).toMatch(/ServeDeck cannot use this kubeconfig/);
  });

  it('names a missing user and a missing current context', () => {
    expect(
      refusal(kubeconfig(server, {}, { contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'nobody' } }] })),
    ).toMatch(/names user "nobody", not listed/);
    expect(refusal(kubeconfig(server, {}, { 'current-context': 'gone' }))).toMatch(/current-context "gone"/);
  });

  it('checks only the current context: a bad user elsewhere does not matter', () => {
    const file = kubeconfig(
      server,
      { token: 't' },
      {
        users: [
          { name: 'u', user: { token: 't' } },
          { name: 'old', user: { username: 'a', password: 'b' } },
        ],
      },
    );
    expect(loadKubeconfig(file)).toMatchObject({ server: 'https://127.0.0.1:6443', userName: 'u', contextName: 'ctx' });
  });
});

describe('kubeconfig: what it reads', () => {
  it('keeps tls-server-name, proxy-url, certificate-authority-data and insecure-skip-tls-verify', () => {
    const info = loadKubeconfig(
      kubeconfig(
        {
          server: 'https://10.0.0.1:443/',
          'tls-server-name': 'kubernetes.default.svc',
          'proxy-url': 'http://proxy.example:3128',
          'certificate-authority-data': Buffer.from('PEM').toString('base64'),
          'insecure-skip-tls-verify': false,
        },
        { token: 't' },
      ),
    );
    expect(info).toMatchObject({
      server: 'https://10.0.0.1:443',
      tlsServerName: 'kubernetes.default.svc',
      proxyUrl: 'http://proxy.example:3128',
      ca: 'PEM',
      insecureSkipTlsVerify: false,
    });
  });

  it('reads tokenFile relative to the kubeconfig, again when it changes (after invalidate)', async () => {
    const file = kubeconfig({ server: 'https://127.0.0.1:6443' }, { tokenFile: 'token' });
    const tokenPath = join(file, '..', 'token');
    writeFileSync(tokenPath, 'first\n');
    const { credentials } = loadKubeconfig(file);
    expect(credentials.kind).toBe('token-file');
    expect(await credentials.authorization()).toBe('Bearer first');
    writeFileSync(tokenPath, 'second\n');
    credentials.invalidate();
    expect(await credentials.authorization()).toBe('Bearer second');
  });

  it('a YAML alias bomb is refused, not expanded', () => {
    const bomb = `a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n${'e: [*c,*c]\n'.repeat(1)}`;
    expect(() => parseKubeconfig(bomb, '/tmp')).toThrow(KubeconfigError);
  });
});

describe('kubeconfig: exec credential plugin (client.authentication.k8s.io/v1)', () => {
  const api = new FakeServer();
  beforeAll(async () => {
    api.json('GET', '/api/v1/namespaces', 200, { kind: 'NamespaceList', items: [] });
    await api.start();
  });
  afterAll(() => api.stop());

  function execKubeconfig(env: Record<string, string>): string {
    return kubeconfig(
      { server: api.url },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: [plugin],
          env: Object.entries(env).map(([name, value]) => ({ name, value })),
          interactiveMode: 'Never',
        },
      },
    );
  }

  const calls = (file: string): number => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

  it('runs the plugin once, uses its token until it expires, then runs it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-exec-'));
    const callsFile = join(dir, 'calls');
    const tokenFile = join(dir, 'token');
    writeFileSync(callsFile, '');
    writeFileSync(tokenFile, 'token-one\n');
    const info = loadKubeconfig(
      execKubeconfig({ PLUGIN_CALLS_FILE: callsFile, PLUGIN_TOKEN_FILE: tokenFile, PLUGIN_EXPIRES_S: '4' }),
    );
    expect(info.credentials.kind).toBe('exec');
    const cluster = createCluster(info);
    const client = new K8sClient(cluster, { kind: 'kubeconfig' });
    try {
      await Promise.all([client.call('GET', '/api/v1/namespaces'), client.call('GET', '/api/v1/namespaces')]);
      await client.call('GET', '/api/v1/namespaces');
      expect(calls(callsFile)).toBe(1); // concurrent and later calls share the one run
      expect(api.requests.slice(-3).map((r) => r.headers.authorization)).toEqual(Array(3).fill('Bearer token-one'));

      writeFileSync(tokenFile, 'token-two\n');
      await new Promise((r) => setTimeout(r, 4500)); // past the credential's expirationTimestamp (4 s: a loaded machine starts node slowly)
      await client.call('GET', '/api/v1/namespaces');
      expect(calls(callsFile)).toBe(2);
      expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer token-two');
    } finally {
      await cluster.close();
    }
  }, 30_000);

  it('runs the plugin again after a 401 (a token revoked before its expiry)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-exec-'));
    const callsFile = join(dir, 'calls');
    const tokenFile = join(dir, 'token');
    writeFileSync(callsFile, '');
    writeFileSync(tokenFile, 'revoked\n');
    api.on('GET', '/api/v1/pods', (req, res) => {
      const ok = req.headers.authorization === 'Bearer fresh';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(ok ? { kind: 'PodList', items: [] } : { kind: 'Status', code: 401, reason: 'Unauthorized' }),
      );
      if (!ok) writeFileSync(tokenFile, 'fresh\n');
    });
    const cluster = createCluster(
      loadKubeconfig(
        execKubeconfig({ PLUGIN_CALLS_FILE: callsFile, PLUGIN_TOKEN_FILE: tokenFile, PLUGIN_EXPIRES_S: '3600' }),
      ),
    );
    try {
      const r = await new K8sClient(cluster, { kind: 'kubeconfig' }).call('GET', '/api/v1/pods');
      expect(r.status).toBe(200);
      expect(calls(callsFile)).toBe(2);
    } finally {
      await cluster.close();
    }
  }, 30_000);

  it('a rotated tokenFile: after a 401 the file is read again and the call repeated once', async () => {
    const file = kubeconfig({ server: api.url }, { tokenFile: 'token' });
    const tokenPath = join(file, '..', 'token');
    writeFileSync(tokenPath, 'old\n');
    api.on('GET', '/api/v1/configmaps', (req, res) => {
      const ok = req.headers.authorization === 'Bearer new';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { kind: 'ConfigMapList', items: [] } : { kind: 'Status', code: 401 }));
    });
    const cluster = createCluster(loadKubeconfig(file));
    try {
      const client = new K8sClient(cluster, { kind: 'kubeconfig' });
      await client.call('GET', '/api/v1/namespaces'); // reads "old" and caches it
      writeFileSync(tokenPath, 'new\n'); // rotated
      expect((await client.call('GET', '/api/v1/configmaps')).status).toBe(200);
    } finally {
      await cluster.close();
    }
  });

  it('a failing plugin is a 503 CredentialsUnavailable with its message, not a crash', async () => {
    const cluster = createCluster(loadKubeconfig(execKubeconfig({ PLUGIN_FAIL: 'no SSO session: run aws sso login' })));
    try {
      await expect(
        new K8sClient(cluster, { kind: 'kubeconfig' }).call('GET', '/api/v1/namespaces'),
      ).rejects.toMatchObject({
        apiError: { status: 503, reason: 'CredentialsUnavailable', message: expect.stringMatching(/aws sso login/) },
      });
    } finally {
      await cluster.close();
    }
  }, 30_000);

  it('user tokens never run the plugin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-exec-'));
    const callsFile = join(dir, 'calls');
    writeFileSync(callsFile, '');
    const cluster = createCluster(loadKubeconfig(execKubeconfig({ PLUGIN_CALLS_FILE: callsFile, PLUGIN_TOKEN: 'x' })));
    try {
      await new K8sClient(cluster, { kind: 'bearer', token: 'user-token' }).call('GET', '/api/v1/namespaces');
      expect(calls(callsFile)).toBe(0);
      expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer user-token');
    } finally {
      await cluster.close();
    }
  }, 30_000);
});
