import { ALL_NAMESPACES, type ResourceKind, type RowSummary } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { Link } from 'react-router';
import { type Column, DataTable } from '@/components/DataTable';
import { RelativeTime } from '@/components/RelativeTime';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { errorDetail } from '@/lib/error-detail';
import { type KindKeys, kindListQuery } from '@/lib/kind-queries';
import { useKindListWatch } from '@/lib/kind-watch';
import type { StreamState } from '@/lib/watch';
import type { KindT } from './kind-t';
import { StatusBadge } from './StatusBadge';

type LiveKey = 'live' | 'connecting' | 'reconnecting' | 'stopped';

/** The keys of a kind's catalogue the list page reads. */
export type KindListKey =
  | 'title'
  | 'intro'
  | 'loading'
  | 'listFailed'
  | 'empty'
  | `live.${LiveKey}`
  | `columns.${'name' | 'namespace' | 'status' | 'url' | 'age'}`;

/** What the page says about its stream (degraded and unsupported read as reconnecting). */
export function liveKey(state: StreamState): LiveKey {
  return state === 'live' || state === 'connecting' || state === 'stopped' ? state : 'reconnecting';
}

export type KindListPageProps = {
  kind: ResourceKind;
  /** The feature's key tree (kindKeys): the list is read and watched there. */
  keys: KindKeys;
  /** The kind's path segment: a row links to `/ns/NS/SECTION/NAME`. */
  section: string;
  ns: string;
  t: KindT<KindListKey>;
  /** The kind's own columns, between the status and the URL. */
  columns: Column<RowSummary>[];
  /** More of the page, after the table (related lists). */
  children?: ReactNode;
};

/** The objects of a registry kind in a namespace (or all the user may use), live from the watch stream. */
export function KindListPage({ kind, keys, section, ns, t, columns, children }: KindListPageProps) {
  const list = useQuery(kindListQuery(kind, keys, ns));
  const live = useKindListWatch(kind, keys, ns, list.isSuccess);
  const rows = useMemo(() => (list.data?.items ?? []).map((o) => kind.summarize(o)), [list.data, kind]);
  const all: Column<RowSummary>[] = [
    {
      key: 'name',
      header: t('columns.name'),
      rowHeader: true,
      cell: (r) => (
        <Link to={`/ns/${encodeURIComponent(r.namespace)}/${section}/${encodeURIComponent(r.name)}`}>{r.name}</Link>
      ),
    },
    ...(ns === ALL_NAMESPACES ? [namespaceColumn(t)] : []),
    { key: 'status', header: t('columns.status'), cell: (r) => <StatusBadge status={r.status} /> },
    ...columns,
    { key: 'url', header: t('columns.url'), className: 'mono wrap', cell: (r) => r.url ?? '–' },
    { key: 'age', header: t('columns.age'), cell: (r) => <RelativeTime iso={r.createdAt} /> },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('title')}</h1>
        <span className="muted" role="status">
          {t(`live.${liveKey(live.state)}`)}
        </span>
      </div>
      <p className="muted">{t('intro')}</p>
      {list.isPending ? <Loading what={t('loading')} /> : null}
      {list.isError ? <ErrorState title={t('listFailed')} detail={errorDetail(list.error)} /> : null}
      {(list.data?.warnings ?? []).map((w) => (
        <p key={w} className="muted" role="note">
          {w}
        </p>
      ))}
      {list.isSuccess && rows.length === 0 ? <EmptyState title={t('empty')} /> : null}
      {rows.length > 0 ? (
        <DataTable caption={t('title')} captionHidden columns={all} rows={rows} rowKey={(r) => r.key} />
      ) : null}
      {children}
    </div>
  );
}

/** The namespace column of a list across all namespaces. */
export function namespaceColumn(t: KindT<'columns.namespace'>): Column<RowSummary> {
  return { key: 'ns', header: t('columns.namespace'), cell: (r) => r.namespace };
}
