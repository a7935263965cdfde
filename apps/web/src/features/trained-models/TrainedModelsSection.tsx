import { kindApiPaths, objectListSchema, TRAINED_MODEL, trainedModelsOf } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { type Column, DataTable } from '@/components/DataTable';
import { StatusBadge } from '@/components/kind/StatusBadge';
import { ErrorState, Loading } from '@/components/States';
import { asApiError, requestJson } from '@/lib/http';
import { useTrainedModelsT } from './i18n';

type Row = ReturnType<typeof TRAINED_MODEL.summarize>;

/**
 * The TrainedModels whose parent is this InferenceService, with their own status and a console link (the
 * parent's console with the TrainedModel's name as the model). Refreshed every 10 s while shown.
 */
export function TrainedModelsSection({ ns, isvc }: { ns: string; isvc: string }) {
  const t = useTrainedModelsT();
  const list = useQuery({
    queryKey: ['trainedmodels', 'list', ns],
    queryFn: ({ signal }) => requestJson(kindApiPaths.list(TRAINED_MODEL, ns), objectListSchema, { signal }),
    refetchInterval: 10_000,
  });
  const rows = useMemo(
    () => trainedModelsOf(list.data?.items ?? [], isvc).map((tm) => TRAINED_MODEL.summarize(tm)),
    [list.data, isvc],
  );
  const none = t('none');
  const text = (v: string | number | undefined) => (v === undefined || v === '' ? none : String(v));
  const columns: Column<Row>[] = [
    { key: 'name', header: t('columns.name'), rowHeader: true, className: 'mono', cell: (r) => r.name },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (r) => (
        <>
          <StatusBadge status={r.status} />
          {r.status.reason && r.status.phase !== 'Ready' ? (
            <span className="muted small"> {r.status.reason}</span>
          ) : null}
        </>
      ),
    },
    { key: 'framework', header: t('columns.framework'), cell: (r) => text(r.columns.framework) },
    { key: 'uri', header: t('columns.storageUri'), className: 'mono wrap', cell: (r) => text(r.columns.storageUri) },
    { key: 'memory', header: t('columns.memory'), className: 'mono', cell: (r) => text(r.columns.memory) },
    { key: 'url', header: t('columns.url'), className: 'mono wrap', cell: (r) => r.url ?? none },
    {
      key: 'test',
      header: t('columns.test'),
      cell: (r) => (
        <Link
          to={`/ns/${encodeURIComponent(ns)}/console?isvc=${encodeURIComponent(isvc)}&model=${encodeURIComponent(r.name)}`}
        >
          {t('test', { name: r.name })}
        </Link>
      ),
    },
  ];
  // A namespace without TrainedModels (or a user who may not list them) shows nothing: most InferenceServices are single-model.
  if (list.isSuccess && rows.length === 0) return null;
  if (list.isError && asApiError(list.error)?.status === 403) return null;
  return (
    <section className="card" aria-labelledby="tm-title">
      <h2 id="tm-title">{t('title')}</h2>
      <p className="muted small">{t('intro')}</p>
      {list.isPending ? <Loading what={t('loading')} /> : null}
      {list.isError ? <ErrorState title={t('failed')} detail={asApiError(list.error)?.message} /> : null}
      {rows.length > 0 ? (
        <DataTable caption={t('title')} captionHidden columns={columns} rows={rows} rowKey={(r) => r.key} />
      ) : null}
    </section>
  );
}
