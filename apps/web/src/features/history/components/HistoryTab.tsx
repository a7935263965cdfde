import type { HistoryRevision } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Column, DataTable } from '@/components/DataTable';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { asApiError } from '@/lib/http';
import { isvcQuery } from '@/lib/isvc-queries';
import { historyQuery, useRestore } from '../api/history';
import { type HistoryT, useHistoryT } from '../i18n';
import { CompareRevisions } from './CompareRevisions';
import { FieldOwnersList } from './FieldOwnersList';
import { OutsideChanges } from './OutsideChanges';
import { RestorePanel, type RestoreStep } from './RestorePanel';

function columns(t: HistoryT, onRestore: (r: HistoryRevision) => void, busy: boolean): Column<HistoryRevision>[] {
  return [
    { key: 'revision', header: t('columns.revision'), className: 'num', cell: (r) => r.revision },
    {
      key: 'operation',
      header: t('columns.operation'),
      cell: (r) =>
        r.operation === 'restore'
          ? t('operations.restore', { from: r.restoredFrom ?? '?' })
          : t(r.operation === 'create' ? 'operations.create' : 'operations.update'),
    },
    { key: 'author', header: t('columns.author'), className: 'mono', cell: (r) => r.author },
    { key: 'time', header: t('columns.time'), cell: (r) => <RelativeTime iso={r.time} words /> },
    {
      key: 'actions',
      header: t('columns.actions'),
      cell: (r) => (
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('restore.actionLabel', { n: r.revision })}
          disabled={busy}
          onClick={() => onRestore(r)}
        >
          {t('restore.action')}
        </button>
      ),
    },
  ];
}

/** The History tab: revisions recorded by ServeDeck, a diff of any two, Restore, and changes made elsewhere. */
export function HistoryTab({ ns, name }: { ns: string; name: string }) {
  const t = useHistoryT();
  const { t: tApp } = useTranslation();
  const history = useQuery(historyQuery(ns, name));
  const live = useQuery(isvcQuery(ns, name));
  const restore = useRestore(ns, name);
  const [step, setStep] = useState<RestoreStep | undefined>();

  if (history.isPending) return <Loading what={t('loading')} />;
  if (history.isError) {
    const d = describeError(tApp, history.error, { action: t('readFailed', { name }), namespace: ns });
    return <ErrorState title={d.title} detail={d.detail} />;
  }
  const h = history.data;

  const dryRun = (rev: number, resourceVersion: string) => {
    setStep({ kind: 'checking', rev });
    restore.mutate(
      { rev, dryRun: true, resourceVersion },
      {
        onSuccess: (result) => setStep({ kind: 'review', rev, result, resourceVersion }),
        onError: (error) => {
          // the object moved since the history was read (a status update is enough): the conflict view
          const e = asApiError(error);
          const target = h.revisions.find((r) => r.revision === rev)?.spec ?? {};
          if (e?.status === 409) setStep({ kind: 'conflict', rev, live: e.live, target });
          else setStep({ kind: 'failed', rev, error });
        },
      },
    );
  };
  const write = () => {
    if (step?.kind !== 'review') return;
    const { rev, result, resourceVersion } = step;
    setStep({ kind: 'writing', rev, result, resourceVersion });
    restore.mutate(
      { rev, dryRun: false, resourceVersion },
      {
        onSuccess: (done) => {
          setStep({ kind: 'done', rev, result: done });
          void history.refetch();
        },
        onError: (error) => {
          const e = asApiError(error);
          if (e?.status === 409) setStep({ kind: 'conflict', rev, live: e.live, target: result.object.spec });
          else setStep({ kind: 'failed', rev, error });
        },
      },
    );
  };
  const retry = async () => {
    if (step?.kind !== 'conflict') return;
    const fresh = await history.refetch();
    if (fresh.data) dryRun(step.rev, fresh.data.resourceVersion);
  };
  const busy = step?.kind === 'checking' || step?.kind === 'writing';
  const liveSpec = (live.data as { spec?: unknown } | undefined)?.spec;
  // the details page's watch keeps the live object current: its resourceVersion is the one the user sees now
  const liveRv = (live.data as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;

  return (
    <div className="history">
      <section className="card" aria-labelledby="history-title">
        <h3 id="history-title">{t('title')}</h3>
        {h.enabled ? (
          <p className="muted">{t('intro')}</p>
        ) : (
          <p className="notice notice-warn" role="note">
            <strong>{t('off')}</strong>. {h.disabledMessage}
          </p>
        )}
        {h.enabled && h.revisions.length === 0 ? <p>{t('empty')}</p> : null}
        {h.revisions.length > 0 ? (
          <DataTable
            caption={t('title')}
            captionHidden
            columns={columns(t, (r) => dryRun(r.revision, liveRv ?? h.resourceVersion), busy)}
            rows={[...h.revisions].reverse()}
            rowKey={(r) => String(r.revision)}
          />
        ) : null}
      </section>
      {step ? (
        <RestorePanel
          ns={ns}
          step={step}
          onConfirm={write}
          onCancel={() => setStep(undefined)}
          onRetry={() => void retry()}
        />
      ) : null}
      {h.revisions.length > 0 ? <CompareRevisions revisions={h.revisions} liveSpec={liveSpec ?? {}} /> : null}
      <OutsideChanges outside={h.outside} changedOutside={h.changedOutside} generation={h.generation} />
      {live.data ? <FieldOwnersList live={live.data} /> : null}
    </div>
  );
}
