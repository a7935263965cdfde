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
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { type Column, DataTable } from '@/components/DataTable';
import { RelativeTime } from '@/components/RelativeTime';
import { EmptyState } from '@/components/States';
import { useTranslation } from '@/i18n';

const podColumns = (t: TFunction): readonly Column<{ p: Pod; now: number }>[] => [
  { key: 'name', header: t('details.col.name'), className: 'mono', cell: ({ p }) => p.metadata.name },
  { key: 'ready', header: t('details.col.ready'), cell: ({ p }) => podReady(p) },
  {
    key: 'status',
    header: t('details.col.status'),
    className: ({ p }) => (['Running', 'Completed'].includes(podStatusText(p)) ? undefined : 'bad'),
    cell: ({ p }) => podStatusText(p),
  },
  { key: 'restarts', header: t('details.col.restarts'), className: 'num', cell: ({ p }) => podRestarts(p) },
  { key: 'ip', header: t('details.col.ip'), className: 'mono', cell: ({ p }) => p.status?.podIP ?? '<none>' },
  { key: 'node', header: t('details.col.node'), cell: ({ p }) => p.spec.nodeName ?? '<none>' },
  {
    key: 'age',
    header: t('details.col.age'),
    cell: ({ p, now }) => <RelativeTime iso={p.metadata.creationTimestamp} now={now} />,
  },
];

export function PodsTable({ pods, now }: { pods: Pod[]; now: number }) {
  const { t } = useTranslation();
  const columns = useMemo(() => podColumns(t), [t]);
  if (pods.length === 0)
    return (
      <EmptyState title={t('details.noPods')}>
        <p className="muted">{t('details.noPodsHint')}</p>
      </EmptyState>
    );
  return (
    <DataTable
      caption={t('details.pods')}
      captionHidden
      columns={columns}
      rows={pods.map((p) => ({ p, now }))}
      rowKey={({ p }) => p.metadata.name}
    />
  );
}

const serviceColumns = (t: TFunction): readonly Column<{ s: Service; now: number }>[] => [
  { key: 'name', header: t('details.col.name'), className: 'mono', cell: ({ s }) => s.metadata.name },
  { key: 'type', header: t('details.col.type'), cell: ({ s }) => s.spec.type ?? 'ClusterIP' },
  {
    key: 'cluster-ip',
    header: t('details.col.clusterIp'),
    className: 'mono',
    cell: ({ s }) => s.spec.clusterIP ?? '<none>',
  },
  { key: 'external-ip', header: t('details.col.externalIp'), className: 'mono', cell: ({ s }) => serviceExternalIp(s) },
  { key: 'ports', header: t('details.col.ports'), className: 'mono', cell: ({ s }) => servicePorts(s) },
  {
    key: 'age',
    header: t('details.col.age'),
    cell: ({ s, now }) => <RelativeTime iso={s.metadata.creationTimestamp} now={now} />,
  },
];

export function ServicesTable({ services, now }: { services: Service[]; now: number }) {
  const { t } = useTranslation();
  const columns = useMemo(() => serviceColumns(t), [t]);
  if (services.length === 0) return <EmptyState title={t('details.noServices')} />;
  return (
    <DataTable
      caption={t('details.services')}
      captionHidden
      columns={columns}
      rows={services.map((s) => ({ s, now }))}
      rowKey={({ s }) => s.metadata.name}
    />
  );
}

function lastSeen(e: K8sEvent): string | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? undefined;
}

const eventColumns = (t: TFunction): readonly Column<{ e: K8sEvent; now: number }>[] => [
  {
    key: 'last-seen',
    header: t('details.col.lastSeen'),
    cell: ({ e, now }) => <RelativeTime iso={lastSeen(e)} now={now} />,
  },
  { key: 'type', header: t('details.col.type'), cell: ({ e }) => e.type },
  { key: 'reason', header: t('details.col.reason'), cell: ({ e }) => e.reason },
  {
    key: 'object',
    header: t('details.col.object'),
    className: 'mono',
    cell: ({ e }) => `${e.involvedObject.kind?.toLowerCase() ?? ''}/${e.involvedObject.name ?? ''}`,
  },
  {
    key: 'message',
    header: t('details.col.message'),
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
  const { t } = useTranslation();
  const columns = useMemo(() => eventColumns(t), [t]);
  if (events.length === 0)
    return (
      <EmptyState title={t('details.noEvents')}>
        <p className="muted">{t('details.noEventsHint')}</p>
      </EmptyState>
    );
  const sorted = [...events].sort((a, b) => (lastSeen(b) ?? '').localeCompare(lastSeen(a) ?? ''));
  return (
    <DataTable
      caption={t('details.events')}
      captionHidden
      columns={columns}
      rows={sorted.map((e) => ({ e, now }))}
      rowKey={({ e }) => e.metadata.name}
      rowClassName={({ e }) => (e.type === 'Warning' ? 'row-warn' : undefined)}
    />
  );
}
