import { parseEach, type ServingRuntime, servingRuntimeSchema } from '@servedeck/shared';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { type Column, DataTable } from '@/components/DataTable';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { clusterRuntimesQuery, servingRuntimesQuery } from '../api/runtimes';

function stateOf(t: TFunction, r: ServingRuntime): string {
  return r.spec.disabled
    ? t('runtimes.state.disabled')
    : r.spec.multiModel
      ? t('runtimes.state.multiModel')
      : t('runtimes.state.enabled');
}

const runtimeColumns = (t: TFunction): readonly Column<ServingRuntime>[] => [
  { key: 'name', header: t('runtimes.col.name'), className: 'mono', cell: (r) => r.metadata.name },
  { key: 'namespace', header: t('runtimes.col.namespace'), cell: (r) => r.metadata.namespace },
  {
    key: 'formats',
    header: t('runtimes.col.formats'),
    cell: (r) => (
      <ul className="plain">
        {r.spec.supportedModelFormats.map((f) => (
          <li key={`${f.name}:${f.version ?? ''}`}>
            {f.name}
            {f.version ? `:${f.version}` : ''}
            <span className="muted small">
              {f.autoSelect
                ? f.priority !== undefined
                  ? t('runtimes.autoSelectPriority', { priority: f.priority })
                  : t('runtimes.autoSelect')
                : t('runtimes.explicitOnly')}
            </span>
          </li>
        ))}
      </ul>
    ),
  },
  { key: 'protocols', header: t('runtimes.col.protocols'), cell: (r) => r.spec.protocolVersions.join(', ') || '—' },
  {
    key: 'image',
    header: t('runtimes.col.image'),
    className: 'mono small truncate',
    title: (r) => r.spec.containers[0]?.image,
    cell: (r) => r.spec.containers[0]?.image ?? '—',
  },
  { key: 'state', header: t('runtimes.col.state'), cell: (r) => stateOf(t, r) },
];

function RuntimeTable({ title, runtimes, showNs }: { title: string; runtimes: ServingRuntime[]; showNs: boolean }) {
  const { t } = useTranslation();
  // The namespace column shows only when the page lists every namespace.
  const columns = useMemo(() => runtimeColumns(t).filter((c) => showNs || c.key !== 'namespace'), [t, showNs]);
  return (
    <DataTable
      caption={title}
      captionHidden
      columns={columns}
      rows={runtimes}
      rowKey={(r) => `${r.metadata.namespace ?? ''}/${r.metadata.name}`}
    />
  );
}

function Section({
  title,
  q,
  ns,
  showNs,
}: {
  title: string;
  q: UseQueryResult<{ items: Record<string, unknown>[] }>;
  ns?: string;
  showNs: boolean;
}) {
  const { t } = useTranslation();
  const runtimes = useMemo(
    () =>
      parseEach(servingRuntimeSchema, q.data?.items ?? []).sort((a, b) =>
        a.metadata.name.localeCompare(b.metadata.name),
      ),
    [q.data],
  );
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {q.isPending ? (
        <Loading what={title} />
      ) : q.isError ? (
        <ErrorState
          {...describeError(t, q.error, { action: t('actions.listRuntimes', { kind: title }), namespace: ns })}
        />
      ) : runtimes.length === 0 ? (
        <EmptyState title={t('runtimes.none', { kind: title })} />
      ) : (
        <RuntimeTable title={title} runtimes={runtimes} showNs={showNs} />
      )}
    </section>
  );
}

export function RuntimesPage({ ns }: { ns: string }) {
  const nsRuntimes = useQuery(servingRuntimesQuery(ns));
  const cluster = useQuery(clusterRuntimesQuery);
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="rt-title">
      <div className="page-head">
        <h1 id="rt-title">{t('runtimes.title')}</h1>
      </div>
      <p className="muted">{t('runtimes.intro')}</p>
      <Section title={t('runtimes.namespaced')} q={nsRuntimes} ns={ns} showNs={ns === '_all'} />
      <Section title={t('runtimes.cluster')} q={cluster} showNs={false} />
    </section>
  );
}
