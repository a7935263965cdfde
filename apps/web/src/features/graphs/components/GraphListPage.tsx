import { ALL_NAMESPACES, INFERENCE_GRAPH, type RowSummary } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Badge } from '@/components/Badge';
import { type Column, DataTable } from '@/components/DataTable';
import { RelativeTime } from '@/components/RelativeTime';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { useTranslation } from '@/i18n';
import { errorDetail } from '@/lib/error-detail';
import { PHASE_TONE } from '@/lib/isvc-display';
import { graphListQuery } from '../api/graphs';
import { useGraphListWatch } from '../hooks/useGraphWatch';
import { useGraphsT } from '../i18n';

/** The InferenceGraphs of a namespace (or all the user may use), live from the watch stream. */
export function GraphListPage({ ns }: { ns: string }) {
  const t = useGraphsT();
  const { t: app } = useTranslation();
  const list = useQuery(graphListQuery(ns));
  const live = useGraphListWatch(ns, list.isSuccess);
  const rows = useMemo(() => (list.data?.items ?? []).map((o) => INFERENCE_GRAPH.summarize(o)), [list.data]);
  const all = ns === ALL_NAMESPACES;
  const columns: Column<RowSummary>[] = [
    {
      key: 'name',
      header: t('columns.name'),
      rowHeader: true,
      cell: (r) => (
        <Link to={`/ns/${encodeURIComponent(r.namespace)}/graphs/${encodeURIComponent(r.name)}`}>{r.name}</Link>
      ),
    },
    ...(all ? [{ key: 'ns', header: t('columns.namespace'), cell: (r: RowSummary) => r.namespace }] : []),
    {
      key: 'status',
      header: t('columns.status'),
      cell: (r) => (
        <Badge tone={PHASE_TONE[r.status.phase]} title={r.status.message}>
          {app(`phase.${r.status.phase}`)}
        </Badge>
      ),
    },
    { key: 'router', header: t('columns.router'), cell: (r) => String(r.columns.rootRouter ?? '–') },
    { key: 'nodes', header: t('columns.nodes'), className: 'num', cell: (r) => String(r.columns.nodes ?? 0) },
    { key: 'steps', header: t('columns.steps'), className: 'num', cell: (r) => String(r.columns.steps ?? 0) },
    { key: 'url', header: t('columns.url'), className: 'mono wrap', cell: (r) => r.url ?? '–' },
    { key: 'age', header: t('columns.age'), cell: (r) => <RelativeTime iso={r.createdAt} /> },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('title')}</h1>
        <span className="muted" role="status">
          {t(
            `live.${live.state === 'live' ? 'live' : live.state === 'connecting' ? 'connecting' : live.state === 'stopped' ? 'stopped' : 'reconnecting'}`,
          )}
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
        <DataTable caption={t('title')} captionHidden columns={columns} rows={rows} rowKey={(r) => r.key} />
      ) : null}
    </div>
  );
}
