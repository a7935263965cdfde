/**
 * Writes the Gateway API status the sandbox gateway owns (gateway-api.ts computes it): GatewayClasses of its
 * controller, their Gateways, and the parents of HTTPRoutes attached to those Gateways. Runs after any change
 * of those objects or of Services (a backend appearing resolves a route), debounced, and every 30 s; writes only
 * what differs (merge patches of the status subresource).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { TypedKube } from '../controller/typed-kube';
import {
  type GatewayClassLike,
  type GatewayLike,
  gatewayClassStatus,
  gatewayStatus,
  ourClasses,
  type RouteParentStatus,
  routeParents,
  sameStatus,
} from './gateway-api';
import { attachedTo, type GatewayRef, type HttpRouteLike } from './httproute';

type Lister = { list(): readonly KubernetesObject[] };

const base = '/apis/gateway.networking.k8s.io/v1';

export type GatewayApiSources = {
  classes: Lister;
  gateways: Lister;
  routes: Lister;
  serviceExists: (namespace: string, name: string) => boolean;
};

/** The Gateways of our classes (what routes must attach to). */
export function ourGateways(s: Pick<GatewayApiSources, 'classes' | 'gateways'>): GatewayLike[] {
  const classes = ourClasses(s.classes.list() as GatewayClassLike[]);
  return (s.gateways.list() as GatewayLike[]).filter((g) => classes.includes(g.spec?.gatewayClassName ?? ''));
}

export function gatewayRefs(gws: GatewayLike[]): GatewayRef[] {
  return gws.map((g) => ({ namespace: g.metadata?.namespace ?? '', name: g.metadata?.name ?? '' }));
}

export class GatewayApiStatus {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private readonly interval: NodeJS.Timeout;

  constructor(
    private readonly client: TypedKube,
    private readonly s: GatewayApiSources,
    private readonly port: number,
    private readonly log: (m: string) => void,
  ) {
    this.interval = setInterval(() => this.schedule(), 30_000);
    this.interval.unref();
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, 200);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.interval);
    if (this.timer) clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.reconcile();
    } catch (err) {
      this.log(`gateway-api status: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  private async write(path: string, current: unknown, status: unknown, what: string): Promise<void> {
    if (sameStatus(current ?? {}, status)) return;
    const r = await this.client.mergePatch(`${path}/status`, { status });
    if (!r.ok) this.log(`gateway-api status of ${what}: ${r.status} ${r.message}`);
  }

  private async reconcile(): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const c of this.s.classes.list() as (GatewayClassLike & { status?: unknown })[]) {
      if (!ourClasses([c]).length) continue;
      const name = c.metadata?.name ?? '';
      await this.write(`${base}/gatewayclasses/${name}`, c.status, gatewayClassStatus(c, now), `GatewayClass ${name}`);
    }
    const gws = ourGateways(this.s);
    const refs = gatewayRefs(gws);
    const routes = this.s.routes.list() as (HttpRouteLike & { status?: { parents?: RouteParentStatus[] } })[];
    const attached = routes.filter((r) => attachedTo(r, refs));
    for (const g of gws) {
      const { namespace = '', name = '' } = g.metadata ?? {};
      await this.write(
        `${base}/namespaces/${namespace}/gateways/${name}`,
        g.status,
        gatewayStatus(g, attached, this.port, now),
        `Gateway ${namespace}/${name}`,
      );
    }
    for (const r of attached) {
      const { namespace = '', name = '' } = r.metadata ?? {};
      const parents = routeParents(r, refs, this.s.serviceExists, now);
      await this.write(
        `${base}/namespaces/${namespace}/httproutes/${name}`,
        { parents: r.status?.parents ?? [] },
        { parents },
        `HTTPRoute ${namespace}/${name}`,
      );
    }
  }
}
