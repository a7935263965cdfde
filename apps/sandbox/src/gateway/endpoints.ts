/**
 * How the gateway finds a Service's backends, as a cluster's proxies do: the Service's port (the one the
 * gateway calls, 80) -> the EndpointSlices labelled `kubernetes.io/service-name` (written by the
 * kube-controller-manager's endpointslice controller from ready pods) -> each ready endpoint's pod and the
 * slice port of the same name -> the kubelet's host port for that pod's container port. Pure.
 */

export type ServiceLike = {
  metadata?: { name?: string; namespace?: string };
  spec?: { ports?: { name?: string; port: number; targetPort?: number | string }[] };
};

export type EndpointSliceLike = {
  metadata?: { namespace?: string; labels?: Record<string, string> };
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: {
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    targetRef?: { kind?: string; name?: string; namespace?: string };
  }[];
};

export type Backend = { namespace: string; pod: string; containerPort: number };

export const serviceNameLabel = 'kubernetes.io/service-name';

/** Ready pod endpoints behind `servicePort` of a Service (round-robin is the caller's). */
export function serviceBackends(
  service: ServiceLike | undefined,
  slices: EndpointSliceLike[],
  servicePort = 80,
): Backend[] {
  const ns = service?.metadata?.namespace;
  const name = service?.metadata?.name;
  const ports = service?.spec?.ports ?? [];
  const sp = ports.find((p) => p.port === servicePort) ?? ports[0];
  if (!ns || !name || !sp) return [];
  const out: Backend[] = [];
  for (const s of slices) {
    if (s.metadata?.namespace !== ns || s.metadata?.labels?.[serviceNameLabel] !== name) continue;
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''))?.port;
    if (port === undefined) continue;
    for (const e of s.endpoints ?? []) {
      // `ready` unset means ready (EndpointSlice API)
      if (e.conditions?.ready === false || e.targetRef?.kind !== 'Pod' || !e.targetRef.name) continue;
      out.push({ namespace: e.targetRef.namespace ?? ns, pod: e.targetRef.name, containerPort: port });
    }
  }
  return out;
}
