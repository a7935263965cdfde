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
import { type Column, DataTable } from '@/components/DataTable';
import { EmptyState } from '@/components/States';
import { formatAge, formatTime } from '@/lib/format';

const POD_COLUMNS: readonly Column<{ p: Pod; now: number }>[] = [
  { key: 'name', header: 'Name', className: 'mono', cell: ({ p }) => p.metadata.name },
  { key: 'ready', header: 'Ready', cell: ({ p }) => podReady(p) },
  {
    key: 'status',
    header: 'Status',
    className: ({ p }) => (['Running', 'Completed'].includes(podStatusText(p)) ? undefined : 'bad'),
    cell: ({ p }) => podStatusText(p),
  },
  { key: 'restarts', header: 'Restarts', className: 'num', cell: ({ p }) => podRestarts(p) },
  { key: 'ip', header: 'IP', className: 'mono', cell: ({ p }) => p.status?.podIP ?? '<none>' },
  { key: 'node', header: 'Node', cell: ({ p }) => p.spec.nodeName ?? '<none>' },
  { key: 'age', header: 'Age', cell: ({ p, now }) => formatAge(p.metadata.creationTimestamp, now) },
];

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
    <DataTable
      caption="Pods"
      captionHidden
      columns={POD_COLUMNS}
      rows={pods.map((p) => ({ p, now }))}
      rowKey={({ p }) => p.metadata.name}
    />
  );
}

const SERVICE_COLUMNS: readonly Column<{ s: Service; now: number }>[] = [
  { key: 'name', header: 'Name', className: 'mono', cell: ({ s }) => s.metadata.name },
  { key: 'type', header: 'Type', cell: ({ s }) => s.spec.type ?? 'ClusterIP' },
  { key: 'cluster-ip', header: 'Cluster-IP', className: 'mono', cell: ({ s }) => s.spec.clusterIP ?? '<none>' },
  { key: 'external-ip', header: 'External-IP', className: 'mono', cell: ({ s }) => serviceExternalIp(s) },
  { key: 'ports', header: 'Port(s)', className: 'mono', cell: ({ s }) => servicePorts(s) },
  { key: 'age', header: 'Age', cell: ({ s, now }) => formatAge(s.metadata.creationTimestamp, now) },
];

export function ServicesTable({ services, now }: { services: Service[]; now: number }) {
  if (services.length === 0) return <EmptyState title="No services." />;
  return (
    <DataTable
      caption="Services"
      captionHidden
      columns={SERVICE_COLUMNS}
      rows={services.map((s) => ({ s, now }))}
      rowKey={({ s }) => s.metadata.name}
    />
  );
}

function lastSeen(e: K8sEvent): string | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? undefined;
}

const EVENT_COLUMNS: readonly Column<{ e: K8sEvent; now: number }>[] = [
  {
    key: 'last-seen',
    header: 'Last seen',
    title: ({ e }) => formatTime(lastSeen(e)),
    cell: ({ e, now }) => formatAge(lastSeen(e), now),
  },
  { key: 'type', header: 'Type', cell: ({ e }) => e.type },
  { key: 'reason', header: 'Reason', cell: ({ e }) => e.reason },
  {
    key: 'object',
    header: 'Object',
    className: 'mono',
    cell: ({ e }) => `${e.involvedObject.kind?.toLowerCase() ?? ''}/${e.involvedObject.name ?? ''}`,
  },
  {
    key: 'message',
    header: 'Message',
    className: 'wrap',
    cell: ({ e }) => (
      <>
        {e.message}
        {e.count && e.count > 1 ? <span className="muted"> (×{e.count})</span> : null}
      </>
    ),
  },
];

export function EventsTable({ events, now }: { events: K8sEvent[]; now: number }) {
  if (events.length === 0)
    return (
      <EmptyState title="No events.">{<p className="muted">Kubernetes keeps events for about an hour.</p>}</EmptyState>
    );
  const sorted = [...events].sort((a, b) => (lastSeen(b) ?? '').localeCompare(lastSeen(a) ?? ''));
  return (
    <DataTable
      caption="Events"
      captionHidden
      columns={EVENT_COLUMNS}
      rows={sorted.map((e) => ({ e, now }))}
      rowKey={({ e }) => e.metadata.name}
      rowClassName={({ e }) => (e.type === 'Warning' ? 'row-warn' : undefined)}
    />
  );
}
