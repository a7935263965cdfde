import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const kubeconfigSchema = z.object({
  'current-context': z.string().optional(),
  clusters: z.array(
    z.object({
      name: z.string(),
      cluster: z.object({
        server: z.url(),
        'certificate-authority': z.string().optional(),
        'certificate-authority-data': z.string().optional(),
        'insecure-skip-tls-verify': z.boolean().optional(),
      }),
    }),
  ),
  contexts: z
    .array(z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string().optional() }) }))
    .default([]),
  users: z
    .array(
      z.object({
        name: z.string(),
        user: z
          .object({
            token: z.string().optional(),
            'client-certificate': z.string().optional(),
            'client-certificate-data': z.string().optional(),
            'client-key': z.string().optional(),
            'client-key-data': z.string().optional(),
          })
          .default({}),
      }),
    )
    .default([]),
});

/** What the BFF takes from a kubeconfig: always the cluster; the credentials only for its own calls. */
export type ClusterInfo = {
  server: string;
  ca: string | undefined;
  insecureSkipTlsVerify: boolean;
  /** Name of the kubeconfig's user entry (shown by /api/me in kubeconfig mode). */
  userName: string;
  /** The kubeconfig user's credentials (kubeconfig mode, impersonation in trusted-header mode). */
  credentials: { token?: string; tokenFile?: string; cert?: string; key?: string };
};

export function parseKubeconfig(text: string, baseDir: string): ClusterInfo {
  const kc = kubeconfigSchema.parse(parse(text, { maxAliasCount: 50 }));
  const ctx = kc.contexts.find((c) => c.name === kc['current-context']) ?? kc.contexts[0];
  const cluster = (ctx ? kc.clusters.find((c) => c.name === ctx.context.cluster) : undefined) ?? kc.clusters[0];
  if (!cluster) throw new Error('kubeconfig has no cluster');
  const userEntry = ctx?.context.user ? kc.users.find((u) => u.name === ctx.context.user) : kc.users[0];
  const user = userEntry?.user;
  const file = (p: string): string => readFileSync(resolve(baseDir, p), 'utf8');
  const dataOrFile = (data: string | undefined, path: string | undefined): string | undefined =>
    data ? Buffer.from(data, 'base64').toString('utf8') : path ? file(path) : undefined;
  const c = cluster.cluster;
  const credentials: ClusterInfo['credentials'] = {};
  if (user?.token) credentials.token = user.token;
  const cert = dataOrFile(user?.['client-certificate-data'], user?.['client-certificate']);
  const key = dataOrFile(user?.['client-key-data'], user?.['client-key']);
  if (cert) credentials.cert = cert;
  if (key) credentials.key = key;
  return {
    server: c.server.replace(/\/+$/, ''),
    ca: dataOrFile(c['certificate-authority-data'], c['certificate-authority']),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] ?? false,
    userName: userEntry?.name ?? 'kubeconfig',
    credentials,
  };
}

export function loadKubeconfig(path: string): ClusterInfo {
  return parseKubeconfig(readFileSync(path, 'utf8'), dirname(resolve(path)));
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
    userName: 'serviceaccount',
    credentials: { tokenFile },
  };
}
