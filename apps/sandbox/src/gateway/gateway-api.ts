/**
 * The sandbox gateway as a Gateway API implementation (controller `servedeck.dev/sandbox-gateway`), the part a
 * real cluster's gateway controller (Envoy Gateway, Istio) plays: it accepts its GatewayClass, programs the
 * Gateways of that class whose listener is the port it listens on and reports their address (127.0.0.1), and
 * accepts the HTTPRoutes attached to them (status.parents: Accepted, ResolvedRefs). KServe's LLMInferenceService
 * controller reads exactly these (Gateway `Programmed`, `status.addresses`, route parents) to write the
 * service's status URL and its `HTTPRoutesReady`/`GatewaysReady` conditions. The status objects are computed
 * here (pure); gateway-api-status.ts writes them.
 */
import { attachedTo, type GatewayRef, type HttpRouteLike, refersTo } from './httproute';

export const gatewayControllerName = 'servedeck.dev/sandbox-gateway';

export type Condition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
};

type Meta = { name?: string; namespace?: string; generation?: number };
export type GatewayClassLike = {
  metadata?: Meta;
  spec?: { controllerName?: string };
  status?: { conditions?: Condition[] };
};
type Listener = { name: string; protocol: string; port: number; hostname?: string };
export type GatewayLike = {
  metadata?: Meta;
  spec?: { gatewayClassName?: string; listeners?: Listener[] };
  status?: Record<string, unknown>;
};
export type RouteParentStatus = { parentRef: Record<string, unknown>; controllerName: string; conditions: Condition[] };

function cond(
  type: string,
  ok: boolean,
  reason: string,
  message: string,
  generation: number | undefined,
  now: string,
  previous?: Condition[],
): Condition {
  const status = ok ? 'True' : 'False';
  const prev = previous?.find((c) => c.type === type);
  return {
    type,
    status,
    reason,
    message,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
  };
}

/** The GatewayClasses this gateway implements (by controllerName). */
export function ourClasses(classes: GatewayClassLike[]): string[] {
  return classes.filter((c) => c.spec?.controllerName === gatewayControllerName).map((c) => c.metadata?.name ?? '');
}

export function gatewayClassStatus(c: GatewayClassLike, now: string) {
  const g = c.metadata?.generation;
  return {
    conditions: [
      cond('Accepted', true, 'Accepted', 'Handled by the ServeDeck sandbox gateway', g, now, c.status?.conditions),
    ],
  };
}

const supportedKinds = [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }];

/** Status of a Gateway of our class: programmed when a listener is HTTP on the port the gateway listens on. */
export function gatewayStatus(gw: GatewayLike, routes: HttpRouteLike[], port: number, now: string) {
  const g = gw.metadata?.generation;
  const prev = (gw.status?.conditions as Condition[] | undefined) ?? [];
  const prevListeners = (gw.status?.listeners as { name: string; conditions?: Condition[] }[] | undefined) ?? [];
  const ref: GatewayRef = { namespace: gw.metadata?.namespace ?? '', name: gw.metadata?.name ?? '' };
  const attached = routes.filter((r) => attachedTo(r, [ref])).length;
  const listeners = (gw.spec?.listeners ?? []).map((l) => {
    const ok = l.protocol === 'HTTP' && l.port === port;
    const msg = ok
      ? `Listening on 127.0.0.1:${port}`
      : `The sandbox gateway serves plain HTTP on 127.0.0.1:${port} only (listener: ${l.protocol} ${l.port})`;
    const pc = prevListeners.find((p) => p.name === l.name)?.conditions;
    return {
      name: l.name,
      supportedKinds,
      attachedRoutes: ok ? attached : 0,
      conditions: [
        cond('Accepted', ok, ok ? 'Accepted' : 'UnsupportedProtocol', msg, g, now, pc),
        cond('Programmed', ok, ok ? 'Programmed' : 'Invalid', msg, g, now, pc),
        cond('ResolvedRefs', true, 'ResolvedRefs', 'No references to resolve', g, now, pc),
        { ...cond('Conflicted', false, 'NoConflicts', 'No conflicts', g, now, pc) },
      ],
    };
  });
  const programmed = listeners.some((l) => l.conditions[1]?.status === 'True');
  return {
    addresses: [{ type: 'IPAddress', value: '127.0.0.1' }],
    conditions: [
      cond('Accepted', true, 'Accepted', 'Handled by the ServeDeck sandbox gateway', g, now, prev),
      cond(
        'Programmed',
        programmed,
        programmed ? 'Programmed' : 'Invalid',
        programmed ? `Serving on 127.0.0.1:${port}` : `No listener on the sandbox gateway's port ${port}`,
        g,
        now,
        prev,
      ),
    ],
    listeners,
  };
}

/**
 * status.parents of an HTTPRoute: our entries for each parentRef naming one of our Gateways (Accepted; ResolvedRefs
 * when every backendRef is an existing Service, else InvalidKind / BackendNotFound), other controllers' kept.
 */
export function routeParents(
  route: HttpRouteLike & { status?: { parents?: RouteParentStatus[] } },
  gateways: GatewayRef[],
  serviceExists: (namespace: string, name: string) => boolean,
  now: string,
): RouteParentStatus[] {
  const ns = route.metadata?.namespace ?? '';
  const g = route.metadata?.generation;
  const existing = route.status?.parents ?? [];
  const others = existing.filter((p) => p.controllerName !== gatewayControllerName);
  let resolved: { ok: boolean; reason: string; message: string } = {
    ok: true,
    reason: 'ResolvedRefs',
    message: 'All backend references resolved',
  };
  for (const rule of route.spec?.rules ?? []) {
    for (const b of rule.backendRefs ?? []) {
      const kind = b.kind ?? 'Service';
      if ((b.group ?? '') !== '' || kind !== 'Service') {
        resolved = {
          ok: false,
          reason: 'InvalidKind',
          message: `backendRef ${b.group ?? ''}/${kind} ${b.name}: the sandbox gateway routes to Services only (no endpoint picker for InferencePools)`,
        };
      } else if (!serviceExists(b.namespace ?? ns, b.name) && resolved.ok) {
        resolved = {
          ok: false,
          reason: 'BackendNotFound',
          message: `Service ${b.namespace ?? ns}/${b.name} not found`,
        };
      }
    }
  }
  const ours: RouteParentStatus[] = [];
  for (const ref of route.spec?.parentRefs ?? []) {
    if (!gateways.some((gw) => refersTo(ref, ns, gw))) continue;
    const prev = existing.find(
      (p) =>
        p.controllerName === gatewayControllerName &&
        p.parentRef.name === ref.name &&
        (p.parentRef.namespace ?? ns) === (ref.namespace ?? ns),
    )?.conditions;
    ours.push({
      parentRef: { ...ref },
      controllerName: gatewayControllerName,
      conditions: [
        cond('Accepted', true, 'Accepted', 'Route accepted by the ServeDeck sandbox gateway', g, now, prev),
        cond('ResolvedRefs', resolved.ok, resolved.reason, resolved.message, g, now, prev),
      ],
    });
  }
  return [...others, ...ours];
}

/** Equal apart from lastTransitionTime (a write only when something changed). */
export function sameStatus(a: unknown, b: unknown): boolean {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v !== null && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v).sort(([p], [q]) => p.localeCompare(q)))
        if (k !== 'lastTransitionTime' && x !== undefined) o[k] = strip(x);
      return o;
    }
    return v;
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
