import { Agent, type Dispatcher } from 'undici';
import { type Oidc, OidcClient } from './auth/oidc';
import { Authenticator } from './auth/require-session';
import { createSessions, type SessionSetup } from './auth/session';
import { proxyMatcher } from './auth/trusted-header';
import { type Config, externalBase } from './config';
import { StreamRegistry } from './http/streams';
import { TtlCache } from './http/ttl-cache';
import { type Cluster, createCluster } from './k8s/client';
import { inClusterInfo, loadKubeconfig } from './k8s/kubeconfig';
import { type K8sObject, meta } from './k8s/objects';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { WatchHub } from './watch';
import { AccessReviews, selfAccessReview } from './watch/access';

/** Everything the app needs that has a lifetime (connections, caches, timers). */
export type Services = {
  config: Config;
  logger: Logger;
  cluster: Cluster;
  sessions: SessionSetup;
  oidc: Oidc | undefined;
  auth: Authenticator;
  hub: WatchHub;
  /** The apiserver's answers on who may share a list-watch (watch/access.ts). */
  access: AccessReviews;
  streams: StreamRegistry;
  metrics: Metrics;
  inferDispatcher: Dispatcher;
  isvcCache: TtlCache<Promise<K8sObject> | K8sObject>;
  namespaceCache: TtlCache<Promise<string[]> | string[]>;
  close(): Promise<void>;
};

export type ServiceOverrides = { oidc?: Oidc; cluster?: Cluster; defaultMetrics?: boolean };

export async function buildServices(config: Config, logger: Logger, o: ServiceOverrides = {}): Promise<Services> {
  const info =
    config.cluster.kind === 'kubeconfig'
      ? loadKubeconfig(config.cluster.path)
      : inClusterInfo(config.cluster.server, config.cluster.caFile, config.cluster.tokenFile);
  const cluster = o.cluster ?? createCluster(info);
  const sessions = await createSessions(
    {
      publicUrl: config.publicUrl,
      cookiePath: config.basePath || '/',
      secret: config.sessionSecret,
      maxAgeS: config.sessionMaxAgeS,
      redisUrl: config.redisUrl,
    },
    logger,
  );
  const oidc =
    o.oidc ??
    (config.authMode === 'oidc' && config.oidc
      ? new OidcClient(config.oidc, `${externalBase(config)}/auth/callback`)
      : undefined);
  const auth = new Authenticator({
    mode: config.authMode,
    oidc,
    store: sessions.store,
    isTrustedPeer: proxyMatcher(config.trustedProxies),
    trustedHeaders: config.trustedHeaders,
    kubeconfigUser: info.userName,
    logger,
  });
  const isvcCache = new TtlCache<Promise<K8sObject> | K8sObject>(5_000, 5_000);
  // Watch events of an InferenceService make every user's cached copy stale (its status.url may have changed).
  const hub = new WatchHub(logger, (obj) => {
    const m = meta(obj);
    if (m.namespace && m.name) isvcCache.deleteWhere((k) => k.endsWith(`\u0000${m.namespace}/${m.name}`));
  });
  const metrics = createMetrics(o.defaultMetrics ?? true, {
    upstreamWatches: () => hub.size,
    sharedWatches: () => hub.sharedCount,
  });
  // reviews kept two thirds of the recheck window, asked every third (watch/recheck.ts)
  const access = new AccessReviews(selfAccessReview, Math.floor((config.watchAccessRecheckMs * 2) / 3), (verdict) =>
    metrics.accessReviews.inc({ verdict }),
  );
  const inferDispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  return {
    config,
    logger,
    cluster,
    sessions,
    oidc,
    auth,
    hub,
    access,
    streams: new StreamRegistry(),
    metrics,
    inferDispatcher,
    isvcCache,
    namespaceCache: new TtlCache<Promise<string[]> | string[]>(30_000),
    close: async () => {
      hub.stopAll();
      await Promise.allSettled([cluster.close(), sessions.close(), inferDispatcher.close()]);
    },
  };
}
