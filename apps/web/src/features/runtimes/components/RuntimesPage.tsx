import { parseEach, type ServingRuntime, servingRuntimeSchema } from '@servedeck/shared';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Column, DataTable } from '@/components/DataTable';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { describeError } from '@/lib/describe-error';
import { clusterRuntimesQuery, servingRuntimesQuery } from '../api/runtimes';

function stateOf(r: ServingRuntime): string {
  return r.spec.disabled ? 'disabled' : r.spec.multiModel ? 'multi-model' : 'enabled';
}

const RUNTIME_COLUMNS: readonly Column<ServingRuntime>[] = [
  { key: 'name', header: 'Name', className: 'mono', cell: (r) => r.metadata.name },
  { key: 'namespace', header: 'Namespace', cell: (r) => r.metadata.namespace },
  {
    key: 'formats',
    header: 'Model formats (version, priority)',
    cell: (r) => (
      <ul className="plain">
        {r.spec.supportedModelFormats.map((f) => (
          <li key={`${f.name}:${f.version ?? ''}`}>
            {f.name}
            {f.version ? `:${f.version}` : ''}
            <span className="muted small">
              {f.autoSelect
                ? ` · auto-select${f.priority !== undefined ? `, priority ${f.priority}` : ''}`
                : ' · explicit only'}
            </span>
          </li>
        ))}
      </ul>
    ),
  },
  { key: 'protocols', header: 'Protocols', cell: (r) => r.spec.protocolVersions.join(', ') || '—' },
  {
    key: 'image',
    header: 'Image',
    className: 'mono small truncate',
    title: (r) => r.spec.containers[0]?.image,
    cell: (r) => r.spec.containers[0]?.image ?? '—',
  },
  { key: 'state', header: 'State', cell: stateOf },
];

/** The namespace column shows only when the page lists every namespace. */
const COLUMNS_WITHOUT_NS = RUNTIME_COLUMNS.filter((c) => c.key !== 'namespace');

function RuntimeTable({ title, runtimes, showNs }: { title: string; runtimes: ServingRuntime[]; showNs: boolean }) {
  return (
    <DataTable
      caption={title}
      captionHidden
      columns={showNs ? RUNTIME_COLUMNS : COLUMNS_WITHOUT_NS}
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
        <ErrorState {...describeError(q.error, { action: `list ${title}`, namespace: ns })} />
      ) : runtimes.length === 0 ? (
        <EmptyState title={`No ${title}.`} />
      ) : (
        <RuntimeTable title={title} runtimes={runtimes} showNs={showNs} />
      )}
    </section>
  );
}

export function RuntimesPage({ ns }: { ns: string }) {
  const nsRuntimes = useQuery(servingRuntimesQuery(ns));
  const cluster = useQuery(clusterRuntimesQuery);
  return (
    <section className="page" aria-labelledby="rt-title">
      <div className="page-head">
        <h1 id="rt-title">Serving runtimes</h1>
      </div>
      <p className="muted">
        KServe picks a runtime for a model format: namespace ServingRuntimes first, then ClusterServingRuntimes; only
        auto-select formats count when the InferenceService names no runtime, and among them the higher priority wins.
      </p>
      <Section title="ServingRuntimes" q={nsRuntimes} ns={ns} showNs={ns === '_all'} />
      <Section title="ClusterServingRuntimes" q={cluster} showNs={false} />
    </section>
  );
}
