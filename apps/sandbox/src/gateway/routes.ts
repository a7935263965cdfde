/**
 * Routing of the sandbox ingress gateway, as Kubeflow's Istio gateway with KServe's routes: by Host
 * (status.url host and the component hosts), by path prefix `/serving/NS/NAME/`, and by the cluster-local
 * hosts. Pure.
 */
export type ComponentType = 'predictor' | 'transformer' | 'explainer';
export type KnownIsvc = {
  namespace: string;
  name: string;
  components: ComponentType[];
  /** Hosts of the status' URLs (`status.url`, `status.components.*.url`) when they differ from the domain rule. */
  hosts?: { host: string; component?: ComponentType }[];
};

export type Route = {
  namespace: string;
  name: string;
  component: ComponentType;
  /** Path to send upstream (prefix stripped). */
  path: string;
  /** Cluster-local routes need no token (as inside a cluster). */
  external: boolean;
};

const explainPath = /^\/v1\/models\/[\w-]+:explain$/;

function entryComponent(isvc: KnownIsvc, path: string): ComponentType {
  const pathname = path.split('?')[0] ?? path;
  if (isvc.components.includes('explainer') && explainPath.test(pathname)) return 'explainer';
  return isvc.components.includes('transformer') ? 'transformer' : 'predictor';
}

export function hostOnly(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const i = h.lastIndexOf(':');
  return i >= 0 ? h.slice(0, i) : h;
}

export function resolveRoute(
  hostHeader: string | undefined,
  path: string,
  isvcs: KnownIsvc[],
  domain: string,
): Route | undefined {
  const host = hostOnly(hostHeader);
  for (const isvc of isvcs) {
    const { name, namespace: ns } = isvc;
    const named = isvc.hosts?.find((h) => h.host === host);
    if (named) {
      return { namespace: ns, name, component: named.component ?? entryComponent(isvc, path), path, external: true };
    }
    if (host === `${name}-${ns}.${domain}`) {
      return { namespace: ns, name, component: entryComponent(isvc, path), path, external: true };
    }
    if (host === `${name}.${ns}.svc.cluster.local` || host === `${name}.${ns}.svc` || host === `${name}.${ns}`) {
      return { namespace: ns, name, component: entryComponent(isvc, path), path, external: false };
    }
    for (const c of isvc.components) {
      if (host === `${name}-${c}-${ns}.${domain}`) return { namespace: ns, name, component: c, path, external: true };
      if (host === `${name}-${c}.${ns}.svc.cluster.local` || host === `${name}-${c}.${ns}.svc`) {
        return { namespace: ns, name, component: c, path, external: false };
      }
    }
  }
  const m = /^\/serving\/([^/]+)\/([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(path);
  if (m) {
    const [, ns, name, rest, query] = m;
    const isvc = isvcs.find((i) => i.namespace === ns && i.name === name);
    if (isvc) {
      const stripped = `${rest || '/'}${query ?? ''}`;
      return {
        namespace: isvc.namespace,
        name: isvc.name,
        component: entryComponent(isvc, stripped),
        path: stripped,
        external: true,
      };
    }
  }
  return undefined;
}

/** Round-robin over the ready endpoints of one component. */
export class RoundRobin {
  private readonly next = new Map<string, number>();
  pick<T>(key: string, items: T[]): T | undefined {
    if (items.length === 0) return undefined;
    const i = (this.next.get(key) ?? 0) % items.length;
    this.next.set(key, i + 1);
    return items[i];
  }
}

export function wantsHtml(accept: string | undefined): boolean {
  return !!accept && accept.toLowerCase().includes('text/html');
}
