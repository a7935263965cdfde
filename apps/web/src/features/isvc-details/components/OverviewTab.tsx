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
import { CopyButton } from '@/components/CopyButton';
import { type Column, DataTable } from '@/components/DataTable';
import { KeyValues } from '@/components/KeyValues';
import { formatAge, formatTime } from '@/lib/format';
import { StorageUri } from './StorageUri';

type Condition = NonNullable<NonNullable<InferenceService['status']>['conditions']>[number];

const CONDITION_COLUMNS: readonly Column<Condition>[] = [
  { key: 'type', header: 'Type', cell: (c) => c.type },
  {
    key: 'status',
    header: 'Status',
    className: (c) => (isProblemCondition(c) ? 'bad' : c.status === 'Unknown' ? 'muted' : 'ok'),
    cell: (c) => c.status,
  },
  { key: 'reason', header: 'Reason', cell: (c) => c.reason ?? '' },
  { key: 'message', header: 'Message', className: 'wrap', cell: (c) => c.message ?? '' },
  { key: 'changed', header: 'Changed', cell: (c) => formatAge(c.lastTransitionTime) },
];

export function OverviewTab({ isvc, diagnosis }: { isvc: InferenceService; diagnosis: Diagnosis }) {
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
              ? 'Worth a look'
              : status.phase === 'Stopped'
                ? 'Stopped'
                : 'Why is it not ready?'}
          </h2>
          {findings.length === 0 ? (
            <p className="muted">Nothing reported yet.</p>
          ) : (
            <ol className="findings">
              {findings.map((f) => (
                <li key={`${f.source}|${f.reason}|${f.message}`} className={`finding finding-${f.severity}`}>
                  <span className="finding-severity">
                    {f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Info'}
                  </span>
                  <div>
                    <strong>{f.reason}</strong> <span className="muted">— {f.source}</span>
                    {f.time ? <span className="muted small"> · {formatAge(f.time)} ago</span> : null}
                    <p className="finding-message">{f.message}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      <section aria-labelledby="summary-title" className="card">
        <h2 id="summary-title">Summary</h2>
        <KeyValues
          items={[
            [
              'URL',
              url ? (
                <span key="url" className="inline">
                  <a href={url} className="mono" target="_blank" rel="noreferrer">
                    {url}
                  </a>
                  <CopyButton text={url} label="Copy URL" />
                </span>
              ) : (
                '—'
              ),
            ],
            [
              'Cluster-local address',
              local ? (
                <span key="local" className="mono">
                  {local}
                </span>
              ) : (
                '—'
              ),
            ],
            ['Model format', modelFormatOf(isvc) ?? 'custom container'],
            ['Runtime', runtimeOf(isvc) ?? 'auto-selected'],
            ['Protocol', protocolOf(isvc)],
            ['Deployment mode', deploymentModeOf(isvc)],
            ['Storage URI', <StorageUri key="uri" uri={model?.storageUri} />],
            [
              'Created',
              `${formatTime(isvc.metadata.creationTimestamp)} (${formatAge(isvc.metadata.creationTimestamp)} ago)`,
            ],
          ]}
        />
      </section>
      <section aria-labelledby="conditions-title" className="card">
        <h2 id="conditions-title">Conditions</h2>
        {isvc.status?.conditions?.length ? (
          <DataTable
            caption="Conditions"
            captionHidden
            columns={CONDITION_COLUMNS}
            rows={isvc.status.conditions}
            rowKey={(c) => c.type}
          />
        ) : (
          <p className="muted">The controller has not reported conditions yet.</p>
        )}
      </section>
    </div>
  );
}
