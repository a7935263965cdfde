import {
  ALL_NAMESPACES,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  type RowSummary,
} from '@servedeck/shared';
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
import { llmConfigsQuery, llmListQuery } from '../api/llm';
import { useLlmListWatch } from '../hooks/useLlmWatch';
import { useLlmT } from '../i18n';

const text = (v: string | number | undefined) => (v === undefined || v === '' ? '–' : String(v));

/** The LLMInferenceServices of a namespace (or all the user may use), live, and the namespace's configs. */
export function LlmListPage({ ns }: { ns: string }) {
  const t = useLlmT();
  const { t: app } = useTranslation();
  const list = useQuery(llmListQuery(ns));
  const configs = useQuery(llmConfigsQuery(ns));
  const live = useLlmListWatch(ns, list.isSuccess);
  const rows = useMemo(() => (list.data?.items ?? []).map((o) => LLM_INFERENCE_SERVICE.summarize(o)), [list.data]);
  const configRows = useMemo(
    () => (configs.data?.items ?? []).map((o) => LLM_INFERENCE_SERVICE_CONFIG.summarize(o)),
    [configs.data],
  );
  const all = ns === ALL_NAMESPACES;
  const nsColumn: Column<RowSummary>[] = all
    ? [{ key: 'ns', header: t('columns.namespace'), cell: (r: RowSummary) => r.namespace }]
    : [];
  const columns: Column<RowSummary>[] = [
    {
      key: 'name',
      header: t('columns.name'),
      rowHeader: true,
      cell: (r) => (
        <Link to={`/ns/${encodeURIComponent(r.namespace)}/llm/${encodeURIComponent(r.name)}`}>{r.name}</Link>
      ),
    },
    ...nsColumn,
    {
      key: 'status',
      header: t('columns.status'),
      cell: (r) => (
        <Badge tone={PHASE_TONE[r.status.phase]} title={r.status.message}>
          {app(`phase.${r.status.phase}`)}
        </Badge>
      ),
    },
    { key: 'model', header: t('columns.model'), className: 'mono wrap', cell: (r) => text(r.columns.model) },
    { key: 'replicas', header: t('columns.replicas'), className: 'num', cell: (r) => text(r.columns.replicas) },
    { key: 'par', header: t('columns.parallelism'), className: 'mono', cell: (r) => text(r.columns.parallelism) },
    { key: 'url', header: t('columns.url'), className: 'mono wrap', cell: (r) => r.url ?? '–' },
    { key: 'age', header: t('columns.age'), cell: (r) => <RelativeTime iso={r.createdAt} /> },
  ];
  const configColumns: Column<RowSummary>[] = [
    { key: 'name', header: t('columns.name'), rowHeader: true, className: 'mono', cell: (r) => r.name },
    ...nsColumn,
    { key: 'model', header: t('columns.model'), className: 'mono wrap', cell: (r) => text(r.columns.modelUri) },
    { key: 'replicas', header: t('columns.replicas'), className: 'num', cell: (r) => text(r.columns.replicas) },
    { key: 'par', header: t('columns.parallelism'), className: 'mono', cell: (r) => text(r.columns.parallelism) },
    { key: 'age', header: t('columns.age'), cell: (r) => <RelativeTime iso={r.createdAt} /> },
  ];
  const liveKey =
    live.state === 'live'
      ? 'live'
      : live.state === 'connecting'
        ? 'connecting'
        : live.state === 'stopped'
          ? 'stopped'
          : 'reconnecting';
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('title')}</h1>
        <span className="muted" role="status">
          {t(`live.${liveKey}`)}
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
      <section aria-labelledby="llm-configs-title">
        <h2 id="llm-configs-title">{t('configsTitle')}</h2>
        <p className="muted">{t('configsIntro')}</p>
        {configs.isError ? <ErrorState title={t('configsFailed')} detail={errorDetail(configs.error)} /> : null}
        {configs.isSuccess && configRows.length === 0 ? <p className="muted">{t('configsEmpty')}</p> : null}
        {configRows.length > 0 ? (
          <DataTable
            caption={t('configsTitle')}
            captionHidden
            columns={configColumns}
            rows={configRows}
            rowKey={(r) => r.key}
          />
        ) : null}
      </section>
    </div>
  );
}
