/**
 * What ServeDeck can use from a kubeconfig, checked before client-node loads it: the current context's
 * cluster and user entries may hold only fields ServeDeck honours; anything else (basic auth, impersonation
 * set in the kubeconfig, a SOCKS proxy, an interactive exec plugin, an unknown field) is refused with the
 * field's path, so a user never gets anonymous calls and an unexplained 401/403.
 */
import { z } from 'zod';

export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

/** Fields ServeDeck refuses, and why (shown after the field's path). */
const refused: Record<string, string> = {
  username: 'basic authentication is not supported (Kubernetes removed it in 1.19)',
  password: 'basic authentication is not supported (Kubernetes removed it in 1.19)',
  as: 'impersonation in the kubeconfig is not supported (ServeDeck acts as the signed-in user)',
  'as-uid': 'impersonation in the kubeconfig is not supported (ServeDeck acts as the signed-in user)',
  'as-groups': 'impersonation in the kubeconfig is not supported (ServeDeck acts as the signed-in user)',
  'as-user-extra': 'impersonation in the kubeconfig is not supported (ServeDeck acts as the signed-in user)',
  'token-file': 'not a kubeconfig field (the token file field is `tokenFile`)',
};

const clusterSchema = z.strictObject({
  server: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  'certificate-authority': z.string().min(1).optional(),
  'certificate-authority-data': z.string().min(1).optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
  'tls-server-name': z.string().min(1).optional(),
  'proxy-url': z
    .url({ protocol: /^https?$/, error: 'only http:// and https:// proxies are supported (not SOCKS)' })
    .optional(),
  'disable-compression': z.boolean().optional(),
  extensions: z.array(z.unknown()).optional(),
});

const execSchema = z.strictObject({
  apiVersion: z.enum(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'], {
    error: 'must be client.authentication.k8s.io/v1 or v1beta1',
  }),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: z.array(z.strictObject({ name: z.string().min(1), value: z.string() })).nullish(),
  installHint: z.string().optional(),
  interactiveMode: z
    .enum(['Never', 'IfAvailable'], {
      error: 'a server has no terminal: the plugin must run with interactiveMode Never or IfAvailable',
    })
    .optional(),
  provideClusterInfo: z
    .literal(false, { error: 'not supported (ServeDeck does not pass KUBERNETES_EXEC_INFO to the plugin)' })
    .optional(),
});

const authProviderSchema = z.strictObject({
  name: z.enum(['oidc', 'azure', 'gcp'], { error: 'only the oidc, azure and gcp auth-providers are supported' }),
  config: z.record(z.string(), z.string()).optional(),
});

const userSchema = z.strictObject({
  token: z.string().min(1).optional(),
  tokenFile: z.string().min(1).optional(),
  'client-certificate': z.string().min(1).optional(),
  'client-certificate-data': z.string().min(1).optional(),
  'client-key': z.string().min(1).optional(),
  'client-key-data': z.string().min(1).optional(),
  exec: execSchema.optional(),
  'auth-provider': authProviderSchema.optional(),
  extensions: z.array(z.unknown()).optional(),
});

const named = z.object({ name: z.string().min(1) }).loose();
const fileSchema = z
  .object({
    'current-context': z.string().optional(),
    clusters: z.array(named.extend({ cluster: z.unknown() }), { error: 'must list at least one cluster' }).min(1),
    contexts: z
      .array(named.extend({ context: z.object({ cluster: z.string(), user: z.string().optional() }).loose() }))
      .nullish(),
    users: z.array(named.extend({ user: z.unknown() })).nullish(),
  })
  .loose();

export type CheckedKubeconfig = {
  contextName: string | undefined;
  clusterName: string;
  userName: string | undefined;
  /** Path of the user entry, for messages: `users[0] (alice).user`. */
  userWhere: string;
  token: string | undefined;
  tokenFile: string | undefined;
};

function fail(source: string, issues: z.core.$ZodIssue[], prefix: string): never {
  const lines = issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys
        .map((k) => `  ${path}.${k}: ${refused[k] ?? 'not a field ServeDeck knows; remove it or ask for support'}`)
        .join('\n');
    }
    return `  ${path}: ${i.message}`;
  });
  throw new KubeconfigError(`${source}: ServeDeck cannot use this kubeconfig:\n${lines.join('\n')}`);
}

/** Check the shape, pick the current context (or the first), and check its cluster and user entries. */
export function checkKubeconfig(raw: unknown, source: string): CheckedKubeconfig {
  const file = fileSchema.safeParse(raw);
  if (!file.success) fail(source, file.error.issues, '');
  const kc = file.data;
  const contexts = kc.contexts ?? [];
  const users = kc.users ?? [];
  const current = kc['current-context'];
  const ctx = current ? contexts.find((c) => c.name === current) : contexts[0];
  if (current && !ctx) {
    throw new KubeconfigError(`${source}: current-context "${current}" is not among its contexts`);
  }
  const clusterIndex = ctx ? kc.clusters.findIndex((c) => c.name === ctx.context.cluster) : 0;
  if (clusterIndex < 0) {
    throw new KubeconfigError(`${source}: context "${ctx?.name}" names cluster "${ctx?.context.cluster}", not listed`);
  }
  const cluster = kc.clusters[clusterIndex];
  const clusterWhere = `clusters[${clusterIndex}] (${cluster?.name}).cluster`;
  const c = clusterSchema.safeParse(cluster?.cluster);
  if (!c.success) fail(source, c.error.issues, clusterWhere);

  const userName = ctx ? ctx.context.user : users[0]?.name;
  const userIndex = userName ? users.findIndex((u) => u.name === userName) : -1;
  if (userName && userIndex < 0) {
    throw new KubeconfigError(`${source}: context "${ctx?.name}" names user "${userName}", not listed`);
  }
  const userWhere = userIndex >= 0 ? `users[${userIndex}] (${userName}).user` : 'users';
  let token: string | undefined;
  let tokenFile: string | undefined;
  if (userIndex >= 0) {
    const u = userSchema.safeParse(users[userIndex]?.user ?? {});
    if (!u.success) fail(source, u.error.issues, userWhere);
    token = u.data.token;
    tokenFile = u.data.tokenFile;
    const kinds = [u.data.exec && 'exec', u.data['auth-provider'] && 'auth-provider'].filter(Boolean);
    if (kinds.length > 1) {
      throw new KubeconfigError(`${source}: ${userWhere}: has both exec and auth-provider; keep one`);
    }
  }
  return {
    contextName: ctx?.name,
    clusterName: cluster?.name ?? '',
    userName,
    userWhere,
    token,
    tokenFile,
  };
}
