import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { dirname, isAbsolute, resolve } from 'node:path';
import { bufferFromFileOrString, KubeConfig, type User } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { checkKubeconfig, KubeconfigError } from './kubeconfig-check';

export { KubeconfigError };

/**
 * The BFF's own identity from the kubeconfig (kubeconfig mode; impersonation in trusted-header mode).
 * User requests never use it: they carry the user's own token.
 */
export type ServiceCredentials = {
  /** What kind of credential the kubeconfig's user has (shown nowhere secret; for logs and docs). */
  kind: 'none' | 'token' | 'token-file' | 'client-certificate' | 'exec' | 'auth-provider';
  /** Client certificate and key (PEM), for the service connection pool. */
  cert?: string;
  key?: string;
  /** The `Authorization` header value for the next call, or undefined (client certificate or none). */
  authorization(): Promise<string | undefined>;
  /** A call was refused with 401: forget any cached credential so the next call gets a new one. */
  invalidate(): void;
};

/** What the BFF takes from a kubeconfig: always the cluster; the credentials only for its own calls. */
export type ClusterInfo = {
  server: string;
  ca: string | undefined;
  insecureSkipTlsVerify: boolean;
  /** TLS SNI and the name the server certificate is checked against (`tls-server-name`). */
  tlsServerName: string | undefined;
  /** An HTTP(S) proxy to reach the apiserver through (`proxy-url`). */
  proxyUrl: string | undefined;
  /** The kubeconfig context in use (undefined in-cluster). */
  contextName: string | undefined;
  /** Name of the kubeconfig's user entry (shown by /api/me in kubeconfig mode). */
  userName: string;
  credentials: ServiceCredentials;
};

const noCredentials = (): ServiceCredentials => ({
  kind: 'none',
  authorization: async () => undefined,
  invalidate: () => {},
});

/** A token file re-read at most once a minute (rotating ServiceAccount tokens, `tokenFile`). */
function tokenFileCredentials(tokenFile: string): ServiceCredentials {
  let cached: { value: string | undefined; at: number } | undefined;
  return {
    kind: 'token-file',
    authorization: async () => {
      if (!cached || Date.now() - cached.at > 60_000) {
        let value: string | undefined;
        try {
          value = readFileSync(tokenFile, 'utf8').trim() || undefined;
        } catch {
          value = undefined;
        }
        cached = { value, at: Date.now() };
      }
      return cached.value ? `Bearer ${cached.value}` : undefined;
    },
    invalidate: () => {
      cached = undefined;
    },
  };
}

/**
 * Exec credential plugins and auth-providers, run by client-node's authenticators: the ExecCredential is
 * cached until its `expirationTimestamp` and the plugin run again after it. Concurrent calls share one
 * run. A 401 drops the authenticators' cache (a fresh KubeConfig), so the next call runs the plugin again.
 */
function pluginCredentials(kind: 'exec' | 'auth-provider', user: User, where: string): ServiceCredentials {
  const fresh = (): KubeConfig => {
    const kc = new KubeConfig();
    // Only the user matters here: the cluster entry is a placeholder (our own transport does the TLS).
    kc.loadFromClusterAndUser({ name: 'servedeck', server: 'https://apiserver.invalid', skipTLSVerify: false }, user);
    return kc;
  };
  let kc = fresh();
  let pending: Promise<string | undefined> | undefined;
  const run = async (): Promise<string | undefined> => {
    const opts: RequestOptions = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new KubeconfigError(
        `${where}: the ${kind === 'exec' ? 'exec credential plugin' : 'auth-provider'} failed: ${
          err instanceof Error ? err.message.trim() || err.name : String(err)
        }`,
      );
    }
    if (kind === 'exec' && (opts.cert || opts.key)) {
      throw new KubeconfigError(
        `${where}.exec: the plugin returned a client certificate; ServeDeck uses only tokens from exec plugins`,
      );
    }
    const headers = opts.headers && !Array.isArray(opts.headers) ? (opts.headers as Record<string, unknown>) : {};
    const h = headers.Authorization ?? headers.authorization;
    return typeof h === 'string' ? h : undefined;
  };
  return {
    kind,
    authorization: () => {
      pending ??= run().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate: () => {
      kc = fresh();
    },
  };
}

function decode(data: string | undefined, file: string | undefined): string | undefined {
  return bufferFromFileOrString(file, data)?.toString('utf8');
}

/**
 * Load a kubeconfig with client-node's KubeConfig (the current context's cluster and user), after
 * checking that every field of those two entries is one ServeDeck can use: anything else is refused
 * with a KubeconfigError naming the field, instead of being dropped silently.
 */
export function parseKubeconfig(text: string, baseDir: string, source = 'kubeconfig'): ClusterInfo {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 50 });
  } catch (err) {
    throw new KubeconfigError(`${source}: not YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const checked = checkKubeconfig(raw, source);
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    throw new KubeconfigError(`${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
  kc.makePathsAbsolute(baseDir);
  if (checked.contextName) kc.setCurrentContext(checked.contextName);
  const cluster = kc.getCurrentCluster() ?? kc.getCluster(checked.clusterName);
  if (!cluster) throw new KubeconfigError(`${source}: no cluster`);
  const user = checked.userName ? kc.getUser(checked.userName) : null;
  const where = checked.userWhere;
  const inDir = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  let credentials: ServiceCredentials = noCredentials();
  const cert = user ? decode(user.certData, user.certFile) : undefined;
  const key = user ? decode(user.keyData, user.keyFile) : undefined;
  if (checked.token) {
    const value = `Bearer ${checked.token}`;
    credentials = { kind: 'token', authorization: async () => value, invalidate: () => {} };
  } else if (checked.tokenFile) {
    credentials = tokenFileCredentials(inDir(checked.tokenFile));
  } else if (user?.exec) {
    credentials = pluginCredentials('exec', user, where);
  } else if (user?.authProvider) {
    credentials = pluginCredentials('auth-provider', user, where);
  } else if (cert) {
    credentials = { ...noCredentials(), kind: 'client-certificate' };
  }
  if (cert) credentials.cert = cert;
  if (key) credentials.key = key;
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ca: decode(cluster.caData, cluster.caFile),
    insecureSkipTlsVerify: cluster.skipTLSVerify,
    tlsServerName: cluster.tlsServerName || undefined,
    proxyUrl: cluster.proxyUrl || undefined,
    contextName: checked.contextName,
    userName: checked.userName ?? 'kubeconfig',
    credentials,
  };
}

export function loadKubeconfig(path: string): ClusterInfo {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(
      `kubeconfig ${path}: cannot read it: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseKubeconfig(text, dirname(resolve(path)), `kubeconfig ${path}`);
}

/**
 * In-cluster: the apiserver from KUBERNETES_SERVICE_HOST/PORT, its CA from SERVEDECK_KUBE_CA_FILE, and
 * the ServiceAccount token (re-read as it rotates), used only for the BFF's own calls (impersonation in
 * trusted-header mode, the kubeconfig-mode identity), never instead of a user.
 */
export function inClusterInfo(server: string, caFile: string | undefined, tokenFile: string): ClusterInfo {
  return {
    server,
    ca: caFile ? readFileSync(caFile, 'utf8') : undefined,
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    proxyUrl: undefined,
    contextName: undefined,
    userName: 'serviceaccount',
    credentials: tokenFileCredentials(tokenFile),
  };
}
