import { parseEach, type ServingRuntime, servingRuntimeSchema } from '@servedeck/shared';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { describeError } from '@/lib/describe-error';
import { clusterRuntimesQuery, servingRuntimesQuery } from '../api/runtimes';

function RuntimeTable({ runtimes, showNs }: { runtimes: ServingRuntime[]; showNs: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          {showNs ? <th scope="col">Namespace</th> : null}
          <th scope="col">Model formats (version, priority)</th>
          <th scope="col">Protocols</th>
          <th scope="col">Image</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {runtimes.map((r) => (
          <tr key={`${r.metadata.namespace ?? ''}/${r.metadata.name}`}>
            <td className="mono">{r.metadata.name}</td>
            {showNs ? <td>{r.metadata.namespace}</td> : null}
            <td>
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
            </td>
            <td>{r.spec.protocolVersions.join(', ') || '—'}</td>
            <td className="mono small truncate" title={r.spec.containers[0]?.image}>
              {r.spec.containers[0]?.image ?? '—'}
            </td>
            <td>{r.spec.disabled ? 'disabled' : r.spec.multiModel ? 'multi-model' : 'enabled'}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
        <RuntimeTable runtimes={runtimes} showNs={showNs} />
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
