import { type ComponentSpec, componentModel, type InferenceService } from '@servedeck/shared';
import { KeyValues } from '@/components/KeyValues';
import { useTranslation } from '@/i18n';
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
  const { t } = useTranslation();
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
          [
            t('details.field.runtime'),
            model?.runtime ?? (model ? t('details.autoSelected') : container ? t('details.customContainer') : '—'),
          ],
          [t('details.field.modelFormat'), model?.modelFormat?.name ?? framework ?? '—'],
          [t('details.field.protocol'), model?.protocolVersion ?? '—'],
          [t('details.field.storageUri'), <StorageUri key="uri" uri={model?.storageUri} />],
          [t('details.field.image'), model?.image ?? container?.image ?? '—'],
          [t('details.field.requests'), resourcesText(resources?.requests)],
          [t('details.field.limits'), resourcesText(resources?.limits)],
          [
            t('details.field.replicas'),
            t('details.replicas', { min: spec.minReplicas ?? 1, max: spec.maxReplicas ?? '—' }),
          ],
          ...(spec.canaryTrafficPercent !== undefined
            ? ([[t('details.field.canary'), `${spec.canaryTrafficPercent}%`]] as [string, string][])
            : []),
          [t('details.field.latestReady'), status?.latestReadyRevision ?? '—'],
        ]}
      />
    </section>
  );
}

export function ComponentsTab({ isvc }: { isvc: InferenceService }) {
  const { t } = useTranslation();
  const parts = (['predictor', 'transformer', 'explainer'] as const).filter((p) => isvc.spec[p]);
  if (parts.length === 0) return <p className="muted">{t('details.noComponents')}</p>;
  return (
    <div className="grid-cards">
      {parts.map((p) => {
        const spec = isvc.spec[p];
        return spec ? (
          <ComponentCard
            key={p}
            title={t(`details.component.${p}`)}
            spec={spec}
            status={isvc.status?.components?.[p]}
          />
        ) : null;
      })}
    </div>
  );
}
