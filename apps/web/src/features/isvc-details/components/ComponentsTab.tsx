import { type ComponentSpec, componentModel, type InferenceService } from '@servedeck/shared';
import { KeyValues } from '@/components/KeyValues';
import { StorageUri } from './StorageUri';

function resourcesText(r: Record<string, unknown> | undefined): string {
  if (!r) return '—';
  const parts = Object.entries(r).map(([k, v]) => `${k} ${String(v)}`);
  return parts.length ? parts.join(', ') : '—';
}

function ComponentCard({
  title,
  spec,
  status,
}: {
  title: string;
  spec: ComponentSpec;
  status: { latestReadyRevision?: string | undefined; url?: string | undefined } | undefined;
}) {
  const { framework, model } = componentModel(spec);
  const container = spec.containers?.[0];
  const resources =
    model?.resources ??
    (container as { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } } | undefined)
      ?.resources;
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <KeyValues
        items={[
          ['Runtime', model?.runtime ?? (model ? 'auto-selected' : container ? 'custom container' : '—')],
          ['Model format', model?.modelFormat?.name ?? framework ?? '—'],
          ['Protocol', model?.protocolVersion ?? '—'],
          ['Storage URI', <StorageUri key="uri" uri={model?.storageUri} />],
          ['Image', model?.image ?? container?.image ?? '—'],
          ['Requests', resourcesText(resources?.requests)],
          ['Limits', resourcesText(resources?.limits)],
          ['Replicas', `min ${spec.minReplicas ?? 1}, max ${spec.maxReplicas ?? '—'}`],
          ...(spec.canaryTrafficPercent !== undefined
            ? ([['Canary traffic', `${spec.canaryTrafficPercent}%`]] as [string, string][])
            : []),
          ['Latest ready revision', status?.latestReadyRevision ?? '—'],
        ]}
      />
    </section>
  );
}

export function ComponentsTab({ isvc }: { isvc: InferenceService }) {
  const parts = (['predictor', 'transformer', 'explainer'] as const).filter((p) => isvc.spec[p]);
  if (parts.length === 0) return <p className="muted">No components in the spec.</p>;
  return (
    <div className="grid-cards">
      {parts.map((p) => {
        const spec = isvc.spec[p];
        return spec ? (
          <ComponentCard
            key={p}
            title={p[0]?.toUpperCase() + p.slice(1)}
            spec={spec}
            status={isvc.status?.components?.[p]}
          />
        ) : null;
      })}
    </div>
  );
}
