import {
  type Diagnosis,
  deploymentModeOf,
  type InferenceService,
  isProblemCondition,
  modelFormatOf,
  predictorModel,
  protocolOf,
  runtimeOf,
} from '@servedeck/shared';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { CopyButton } from '@/components/CopyButton';
import { type Column, DataTable } from '@/components/DataTable';
import { KeyValues } from '@/components/KeyValues';
import { RelativeTime } from '@/components/RelativeTime';
import { useFormat, useTranslation } from '@/i18n';
import { StorageUri } from './StorageUri';

type Condition = NonNullable<NonNullable<InferenceService['status']>['conditions']>[number];

const conditionColumns = (t: TFunction): readonly Column<Condition>[] => [
  { key: 'type', header: t('details.col.type'), cell: (c) => c.type },
  {
    key: 'status',
    header: t('details.col.status'),
    className: (c) => (isProblemCondition(c) ? 'bad' : c.status === 'Unknown' ? 'muted' : 'ok'),
    cell: (c) => c.status,
  },
  { key: 'reason', header: t('details.col.reason'), cell: (c) => c.reason ?? '' },
  { key: 'message', header: t('details.col.message'), className: 'wrap', cell: (c) => c.message ?? '' },
  { key: 'changed', header: t('details.col.changed'), cell: (c) => <RelativeTime iso={c.lastTransitionTime} /> },
];

export function OverviewTab({ isvc, diagnosis }: { isvc: InferenceService; diagnosis: Diagnosis }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns = useMemo(() => conditionColumns(t), [t]);
  const url = isvc.status?.url;
  const local = isvc.status?.address?.url;
  const { model } = predictorModel(isvc);
  const { status, findings } = diagnosis;
  return (
    <div className="stack">
      {status.phase !== 'Ready' || findings.length > 0 ? (
        <section aria-labelledby="why-title" className="card">
          <h2 id="why-title">
            {status.phase === 'Ready'
              ? t('details.why.ready')
              : status.phase === 'Stopped'
                ? t('details.why.stopped')
                : t('details.why.notReady')}
          </h2>
          {findings.length === 0 ? (
            <p className="muted">{t('details.why.nothing')}</p>
          ) : (
            <ol className="findings">
              {findings.map((finding) => (
                <li
                  key={`${finding.source}|${finding.reason}|${finding.message}`}
                  className={`finding finding-${finding.severity}`}
                >
                  <span className="finding-severity">{t(`details.severity.${finding.severity}`)}</span>
                  <div>
                    <strong>{finding.reason}</strong> <span className="muted">— {finding.source}</span>
                    {finding.time ? (
                      <span className="muted small">
                        {' · '}
                        <RelativeTime iso={finding.time} words />
                      </span>
                    ) : null}
                    <p className="finding-message">{finding.message}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      <section aria-labelledby="summary-title" className="card">
        <h2 id="summary-title">{t('details.summary')}</h2>
        <KeyValues
          items={[
            [
              t('details.field.url'),
              url ? (
                <span key="url" className="inline">
                  <a href={url} className="mono" target="_blank" rel="noreferrer">
                    {url}
                  </a>
                  <CopyButton text={url} label={t('details.copyUrl')} />
                </span>
              ) : (
                '—'
              ),
            ],
            [
              t('details.field.clusterLocal'),
              local ? (
                <span key="local" className="mono">
                  {local}
                </span>
              ) : (
                '—'
              ),
            ],
            [t('details.field.modelFormat'), modelFormatOf(isvc) ?? t('details.customContainer')],
            [t('details.field.runtime'), runtimeOf(isvc) ?? t('details.autoSelected')],
            [t('details.field.protocol'), protocolOf(isvc)],
            [t('details.field.deploymentMode'), deploymentModeOf(isvc)],
            [t('details.field.storageUri'), <StorageUri key="uri" uri={model?.storageUri} />],
            [
              t('details.field.created'),
              t('details.createdAt', {
                time: f.dateTime(isvc.metadata.creationTimestamp),
                relative: f.relative(isvc.metadata.creationTimestamp),
              }),
            ],
          ]}
        />
      </section>
      <section aria-labelledby="conditions-title" className="card">
        <h2 id="conditions-title">{t('details.conditions')}</h2>
        {isvc.status?.conditions?.length ? (
          <DataTable
            caption={t('details.conditions')}
            captionHidden
            columns={columns}
            rows={isvc.status.conditions}
            rowKey={(c) => c.type}
          />
        ) : (
          <p className="muted">{t('details.noConditions')}</p>
        )}
      </section>
    </div>
  );
}
