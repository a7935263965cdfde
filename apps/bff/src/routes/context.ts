import type { Request } from 'express';
import type { Principal } from '../auth/principal';
import { principalKey } from '../auth/principal';
import type { Authenticator } from '../auth/require-session';
import { principalOf } from '../auth/require-session';
import type { Config } from '../config';
import type { StreamRegistry } from '../http/streams';
import type { TtlCache } from '../http/ttl-cache';
import { type Cluster, K8sClient } from '../k8s/client';
import { usableNamespaces } from '../k8s/namespaces';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { WatchHub } from '../watch';
import type { AccessReviews } from '../watch/access';

/** What route handlers need; built once in createApp. */
export type RouteContext = {
  config: Config;
  cluster: Cluster;
  auth: Authenticator;
  logger: Logger;
  hub: WatchHub;
  access: AccessReviews;
  streams: StreamRegistry;
  metrics: Metrics;
  namespaceCache: TtlCache<Promise<string[]> | string[]>;
};

export function clientFor(ctx: RouteContext, p: Principal): K8sClient {
  return new K8sClient(ctx.cluster, p.k8sAuth);
}

/** A client for one console request: its request id goes to the apiserver as `Audit-ID`. */
export function requestClient(ctx: RouteContext, req: Request): K8sClient {
  return new K8sClient(ctx.cluster, principalOf(req).k8sAuth, typeof req.id === 'string' ? req.id : undefined);
}

export async function namespacesFor(ctx: RouteContext, p: Principal): Promise<string[]> {
  return ctx.namespaceCache.getOrLoad(principalKey(p), () =>
    usableNamespaces(clientFor(ctx, p), ctx.config.namespaces, p.user.email),
  );
}

export type AuditEntry = {
  verb: string;
  resource: string;
  namespace: string;
  name: string | undefined;
  dryRun: boolean;
  status: number;
  reason?: string;
};

/** One line per change attempt: who, what, where, dry-run or not, and how it ended. */
export function audit(ctx: RouteContext, req: Request, entry: AuditEntry): void {
  const p = req.principal;
  ctx.metrics.audits.inc({ verb: entry.verb, status: String(entry.status) });
  ctx.logger.info(
    { audit: { user: p?.user.name, groups: p?.user.groups, requestId: req.id, ...entry } },
    `audit ${entry.verb} ${entry.resource} ${entry.namespace}/${entry.name ?? ''} -> ${entry.status}`,
  );
}
