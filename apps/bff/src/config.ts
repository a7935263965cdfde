import { isIP } from 'node:net';
import { authModeSchema } from '@servedeck/shared';
import { z } from 'zod';
import { DEFAULT_SSE_MAX_BUFFER_BYTES } from './http/sse';

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  );

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A flag that is on unless set to false, 0 or no. */
const boolOn = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v !== 'false' && v !== '0' && v !== 'no');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** An address (`10.0.0.1`, `::1`) or a CIDR (`10.0.0.0/8`). */
const proxyEntry = z.string().refine(
  (s) => {
    const [addr, bits, ...rest] = s.split('/');
    if (rest.length > 0 || addr === undefined || isIP(addr) === 0) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return Number.isInteger(n) && n >= 0 && n <= (isIP(addr) === 4 ? 32 : 128);
  },
  { error: 'must be comma-separated IP addresses or CIDRs' },
);

/** Every setting the BFF reads from its environment, validated once at start-up. */
const envSchema = z
  .object({
    SERVEDECK_HOST: z.string().default('127.0.0.1'),
    SERVEDECK_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    SERVEDECK_WEB_DIST: z.string().optional(),
    SERVEDECK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SERVEDECK_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    SERVEDECK_AUTH_MODE: authModeSchema.default('oidc'),
    SERVEDECK_PUBLIC_URL: httpUrl.optional(),
    SERVEDECK_OIDC_ISSUER: httpUrl.optional(),
    SERVEDECK_OIDC_CLIENT_ID: z.string().min(1).optional(),
    SERVEDECK_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    SERVEDECK_OIDC_CA_FILE: z.string().min(1).optional(),
    SERVEDECK_OIDC_SCOPES: z.string().default('openid email profile groups offline_access'),
    SERVEDECK_PASSWORD_LOGIN: bool,
    SERVEDECK_KUBECONFIG: z.string().min(1).optional(),
    SERVEDECK_CLUSTER_NAME: z.string().min(1).max(100).optional(),
    SERVEDECK_GATEWAY_URL: httpUrl.optional(),
    SERVEDECK_CLUSTER_LOCAL_URL: httpUrl.optional(),
    SERVEDECK_SESSION_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
    SERVEDECK_SESSION_MAX_AGE_S: z.coerce
      .number()
      .int()
      .min(60)
      .default(12 * 3600),
    SERVEDECK_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    SERVEDECK_TRUSTED_PROXIES: list.pipe(z.array(proxyEntry)),
    SERVEDECK_NAMESPACES: list.pipe(z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/))),
    SERVEDECK_INFER_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
    SERVEDECK_INFER_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(16 * 1024 * 1024),
    SERVEDECK_KUBE_CA_FILE: z.string().min(1).optional(),
    SERVEDECK_KUBE_TOKEN_FILE: z.string().min(1).default('/var/run/secrets/kubernetes.io/serviceaccount/token'),
    KUBERNETES_SERVICE_HOST: z.string().min(1).optional(),
    KUBERNETES_SERVICE_PORT: z.coerce.number().int().min(1).max(65535).default(443),
    SERVEDECK_BASE_PATH: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, { error: 'must be a path like /servedeck (or empty)' })
      .default('')
      .transform((p) => p.replace(/\/+$/, '')),
    SERVEDECK_USERID_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .default('kubeflow-userid')
      .transform((h) => h.toLowerCase()),
    SERVEDECK_GROUPS_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .default('kubeflow-groups')
      .transform((h) => h.toLowerCase()),
    SERVEDECK_USERID_PREFIX: z.string().default(''),
    SERVEDECK_SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
    SERVEDECK_SSE_MAX_BUFFER_BYTES: z.coerce.number().int().min(0).default(DEFAULT_SSE_MAX_BUFFER_BYTES),
    SERVEDECK_SHARED_WATCHES: boolOn,
    SERVEDECK_WATCH_ACCESS_RECHECK_MS: z.coerce.number().int().min(300).max(290_000).default(30_000),
    SERVEDECK_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    SERVEDECK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    SERVEDECK_METRICS_HOST: z.string().min(1).optional(),
    SERVEDECK_PROMETHEUS_URL: httpUrl.optional(),
    SERVEDECK_PROMETHEUS_TOKEN_FILE: z.string().min(1).optional(),
    SERVEDECK_PROMETHEUS_CA_FILE: z.string().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    const need = (key: keyof typeof e, why: string): void => {
      if (e[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required ${why}` });
    };
    if (e.SERVEDECK_KUBECONFIG === undefined && e.KUBERNETES_SERVICE_HOST === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVEDECK_KUBECONFIG'],
        message: 'required outside a cluster (the cluster to talk to: server and CA)',
      });
    }
    if (e.SERVEDECK_AUTH_MODE === 'oidc') {
      need('SERVEDECK_OIDC_ISSUER', 'when SERVEDECK_AUTH_MODE=oidc');
      need('SERVEDECK_OIDC_CLIENT_ID', 'when SERVEDECK_AUTH_MODE=oidc');
    }
    if (e.SERVEDECK_AUTH_MODE === 'trusted-header' && e.SERVEDECK_TRUSTED_PROXIES.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVEDECK_TRUSTED_PROXIES'],
        message:
          'required when SERVEDECK_AUTH_MODE=trusted-header (the proxy addresses allowed to set kubeflow-userid)',
      });
    }
    for (const key of ['SERVEDECK_PROMETHEUS_TOKEN_FILE', 'SERVEDECK_PROMETHEUS_CA_FILE'] as const) {
      if (e[key] !== undefined && e.SERVEDECK_PROMETHEUS_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'only with SERVEDECK_PROMETHEUS_URL' });
      }
    }
    if (e.SERVEDECK_PASSWORD_LOGIN && e.SERVEDECK_AUTH_MODE !== 'oidc') {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVEDECK_PASSWORD_LOGIN'],
        message: 'only with SERVEDECK_AUTH_MODE=oidc',
      });
    }
  });

type Env = z.infer<typeof envSchema>;

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  caFile: string | undefined;
  scopes: string;
};

export type Config = {
  host: string;
  port: number;
  webDist: string | undefined;
  logLevel: Env['SERVEDECK_LOG_LEVEL'];
  /** `json` (default; production) or `pretty` (npm start at a terminal). */
  logFormat: Env['SERVEDECK_LOG_FORMAT'];
  authMode: Env['SERVEDECK_AUTH_MODE'];
  /** External base URL without a trailing slash. */
  publicUrl: string;
  oidc: OidcConfig | undefined;
  passwordLogin: boolean;
  /** Where the cluster is: a kubeconfig file, or in-cluster (service host/port, CA file, token file). */
  cluster:
    | { kind: 'kubeconfig'; path: string }
    | { kind: 'in-cluster'; server: string; caFile: string | undefined; tokenFile: string };
  /** Shown in the header with the server URL (default: the kubeconfig context, or `in-cluster`). */
  clusterName: string | undefined;
  /** Path prefix everything is served under ('' or '/servedeck'). */
  basePath: string;
  trustedHeaders: { user: string; groups: string; userPrefix: string };
  gatewayUrl: string | undefined;
  clusterLocalUrl: string | undefined;
  sessionSecret: string | undefined;
  sessionMaxAgeS: number;
  redisUrl: string | undefined;
  trustedProxies: string[];
  namespaces: string[];
  inferTimeoutMs: number;
  inferMaxBytes: number;
  loginRateLimit: number;
  sseHeartbeatMs: number;
  /** What a slow stream client may have waiting behind its socket before it is dropped (0: unbounded). */
  sseMaxBufferBytes: number;
  /** Share a collection's upstream list-watch between the users the apiserver confirms may watch it (watch/access.ts). */
  sharedWatches: boolean;
  /** The longest a user keeps a shared list-watch after the apiserver stops allowing it (watch/recheck.ts). */
  watchAccessRecheckMs: number;
  /** Prometheus (or a Thanos querier) for the metrics routes; absent: they answer 404 MetricsNotConfigured. */
  prometheus: PrometheusConfig | undefined;
  /** Where ServeDeck's own /metrics is served (a port of its own); absent: not served. */
  metricsListen: { host: string; port: number } | undefined;
};

export type PrometheusConfig = { url: string; tokenFile: string | undefined; caFile: string | undefined };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.SERVEDECK_PUBLIC_URL ?? `http://${e.SERVEDECK_HOST}:${e.SERVEDECK_PORT}`).replace(/\/+$/, '');
  return {
    host: e.SERVEDECK_HOST,
    port: e.SERVEDECK_PORT,
    webDist: e.SERVEDECK_WEB_DIST,
    logLevel: e.SERVEDECK_LOG_LEVEL,
    logFormat: e.SERVEDECK_LOG_FORMAT,
    authMode: e.SERVEDECK_AUTH_MODE,
    publicUrl,
    oidc:
      e.SERVEDECK_OIDC_ISSUER && e.SERVEDECK_OIDC_CLIENT_ID
        ? {
            issuer: e.SERVEDECK_OIDC_ISSUER,
            clientId: e.SERVEDECK_OIDC_CLIENT_ID,
            clientSecret: e.SERVEDECK_OIDC_CLIENT_SECRET,
            caFile: e.SERVEDECK_OIDC_CA_FILE,
            scopes: e.SERVEDECK_OIDC_SCOPES,
          }
        : undefined,
    passwordLogin: e.SERVEDECK_PASSWORD_LOGIN,
    cluster: e.SERVEDECK_KUBECONFIG
      ? { kind: 'kubeconfig', path: e.SERVEDECK_KUBECONFIG }
      : {
          kind: 'in-cluster',
          server: `https://${(e.KUBERNETES_SERVICE_HOST ?? '').includes(':') ? `[${e.KUBERNETES_SERVICE_HOST}]` : e.KUBERNETES_SERVICE_HOST}:${e.KUBERNETES_SERVICE_PORT}`,
          caFile: e.SERVEDECK_KUBE_CA_FILE,
          tokenFile: e.SERVEDECK_KUBE_TOKEN_FILE,
        },
    clusterName: e.SERVEDECK_CLUSTER_NAME,
    basePath: e.SERVEDECK_BASE_PATH,
    trustedHeaders: {
      user: e.SERVEDECK_USERID_HEADER,
      groups: e.SERVEDECK_GROUPS_HEADER,
      userPrefix: e.SERVEDECK_USERID_PREFIX,
    },
    gatewayUrl: e.SERVEDECK_GATEWAY_URL,
    clusterLocalUrl: e.SERVEDECK_CLUSTER_LOCAL_URL,
    sessionSecret: e.SERVEDECK_SESSION_SECRET,
    sessionMaxAgeS: e.SERVEDECK_SESSION_MAX_AGE_S,
    redisUrl: e.SERVEDECK_REDIS_URL,
    trustedProxies: e.SERVEDECK_TRUSTED_PROXIES,
    namespaces: e.SERVEDECK_NAMESPACES,
    inferTimeoutMs: e.SERVEDECK_INFER_TIMEOUT_MS,
    inferMaxBytes: e.SERVEDECK_INFER_MAX_BYTES,
    loginRateLimit: e.SERVEDECK_LOGIN_RATE_LIMIT,
    sseHeartbeatMs: e.SERVEDECK_SSE_HEARTBEAT_MS,
    sseMaxBufferBytes: e.SERVEDECK_SSE_MAX_BUFFER_BYTES,
    sharedWatches: e.SERVEDECK_SHARED_WATCHES,
    watchAccessRecheckMs: e.SERVEDECK_WATCH_ACCESS_RECHECK_MS,
    metricsListen:
      e.SERVEDECK_METRICS_PORT === undefined
        ? undefined
        : { host: e.SERVEDECK_METRICS_HOST ?? e.SERVEDECK_HOST, port: e.SERVEDECK_METRICS_PORT },
    prometheus: e.SERVEDECK_PROMETHEUS_URL
      ? {
          url: e.SERVEDECK_PROMETHEUS_URL.replace(/\/+$/, ''),
          tokenFile: e.SERVEDECK_PROMETHEUS_TOKEN_FILE,
          caFile: e.SERVEDECK_PROMETHEUS_CA_FILE,
        }
      : undefined,
  };
}

/** The external URL of ServeDeck's root: the public URL, plus the base path unless it already ends with it. */
export function externalBase(config: Pick<Config, 'publicUrl' | 'basePath'>): string {
  if (!config.basePath || new URL(config.publicUrl).pathname.replace(/\/+$/, '').endsWith(config.basePath)) {
    return config.publicUrl;
  }
  return `${config.publicUrl}${config.basePath}`;
}
