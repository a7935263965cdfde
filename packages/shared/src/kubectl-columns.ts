import type { Pod, Service } from './k8s-objects';

/** The columns `kubectl get pods` and `kubectl get services` print, computed the same way. */
export function podReady(pod: Pod): string {
  const cs = pod.status?.containerStatuses ?? [];
  const total = pod.spec.containers.length || cs.length;
  return `${cs.filter((c) => c.ready).length}/${total}`;
}

export function podRestarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
}

/** kubectl's STATUS: init progress, then a container's waiting/terminated reason, else the phase. */
export function podStatusText(pod: Pod): string {
  if ((pod.metadata as { deletionTimestamp?: string }).deletionTimestamp) return 'Terminating';
  const init = pod.status?.initContainerStatuses ?? [];
  const initTotal = pod.spec.initContainers?.length ?? init.length;
  for (const [i, c] of init.entries()) {
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) return t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode ?? '?'}`;
    const w = c.state?.waiting;
    if (w?.reason && w.reason !== 'PodInitializing') return `Init:${w.reason}`;
    return `Init:${i}/${initTotal}`;
  }
  let reason = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  for (const c of pod.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
  }
  return reason;
}

export function servicePorts(svc: Service): string {
  const ports = svc.spec.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

export function serviceExternalIp(svc: Service): string {
  if (svc.spec.type === 'ExternalName') return svc.spec.externalName ?? '<none>';
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) return ingress.map((i) => i.ip ?? i.hostname ?? '').join(',');
  return svc.spec.type === 'LoadBalancer' ? '<pending>' : '<none>';
}
