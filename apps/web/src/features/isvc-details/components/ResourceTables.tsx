import {
  type K8sEvent,
  type Pod,
  podReady,
  podRestarts,
  podStatusText,
  type Service,
  serviceExternalIp,
  servicePorts,
} from '@servedeck/shared';
import { EmptyState } from '@/components/States';
import { formatAge, formatTime } from '@/lib/format';

export function PodsTable({ pods, now }: { pods: Pod[]; now: number }) {
  if (pods.length === 0)
    return (
      <EmptyState title="No pods.">
        {
          <p className="muted">
            A stopped or scaled-to-zero service has none; otherwise they appear here as they start.
          </p>
        }
      </EmptyState>
    );
  return (
    <table className="table">
      <caption className="sr-only">Pods</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Ready</th>
          <th scope="col">Status</th>
          <th scope="col">Restarts</th>
          <th scope="col">IP</th>
          <th scope="col">Node</th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {pods.map((p) => {
          const status = podStatusText(p);
          return (
            <tr key={p.metadata.name}>
              <td className="mono">{p.metadata.name}</td>
              <td>{podReady(p)}</td>
              <td className={status === 'Running' || status === 'Completed' ? '' : 'bad'}>{status}</td>
              <td className="num">{podRestarts(p)}</td>
              <td className="mono">{p.status?.podIP ?? '<none>'}</td>
              <td>{p.spec.nodeName ?? '<none>'}</td>
              <td>{formatAge(p.metadata.creationTimestamp, now)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ServicesTable({ services, now }: { services: Service[]; now: number }) {
  if (services.length === 0) return <EmptyState title="No services." />;
  return (
    <table className="table">
      <caption className="sr-only">Services</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Cluster-IP</th>
          <th scope="col">External-IP</th>
          <th scope="col">Port(s)</th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {services.map((s) => (
          <tr key={s.metadata.name}>
            <td className="mono">{s.metadata.name}</td>
            <td>{s.spec.type ?? 'ClusterIP'}</td>
            <td className="mono">{s.spec.clusterIP ?? '<none>'}</td>
            <td className="mono">{serviceExternalIp(s)}</td>
            <td className="mono">{servicePorts(s)}</td>
            <td>{formatAge(s.metadata.creationTimestamp, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function lastSeen(e: K8sEvent): string | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? undefined;
}

export function EventsTable({ events, now }: { events: K8sEvent[]; now: number }) {
  if (events.length === 0)
    return (
      <EmptyState title="No events.">{<p className="muted">Kubernetes keeps events for about an hour.</p>}</EmptyState>
    );
  const sorted = [...events].sort((a, b) => (lastSeen(b) ?? '').localeCompare(lastSeen(a) ?? ''));
  return (
    <table className="table">
      <caption className="sr-only">Events</caption>
      <thead>
        <tr>
          <th scope="col">Last seen</th>
          <th scope="col">Type</th>
          <th scope="col">Reason</th>
          <th scope="col">Object</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((e) => (
          <tr key={e.metadata.name} className={e.type === 'Warning' ? 'row-warn' : undefined}>
            <td title={formatTime(lastSeen(e))}>{formatAge(lastSeen(e), now)}</td>
            <td>{e.type}</td>
            <td>{e.reason}</td>
            <td className="mono">
              {e.involvedObject.kind?.toLowerCase()}/{e.involvedObject.name}
            </td>
            <td className="wrap">
              {e.message}
              {e.count && e.count > 1 ? <span className="muted"> (×{e.count})</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
