import type { RestoreResult } from '@servedeck/shared';
import { DiffView } from '@/components/code-editor/DiffView';
import { describeError, useTranslation } from '@/i18n';
import { asApiError } from '@/lib/http';
import { useHistoryT } from '../i18n';
import { specYaml } from '../spec-yaml';

export type RestoreStep =
  | { kind: 'checking'; rev: number }
  | { kind: 'review'; rev: number; result: RestoreResult; resourceVersion: string }
  | { kind: 'writing'; rev: number; result: RestoreResult; resourceVersion: string }
  | { kind: 'conflict'; rev: number; live: unknown; target: unknown }
  | { kind: 'failed'; rev: number; error: unknown }
  | { kind: 'done'; rev: number; result: RestoreResult };

/** The restore's steps: the dry run's diff to confirm, a conflict (as in the editor), the outcome. */
export function RestorePanel({
  ns,
  step,
  onConfirm,
  onCancel,
  onRetry,
}: {
  ns: string;
  step: RestoreStep;
  onConfirm: () => void;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const t = useHistoryT();
  const { t: tApp } = useTranslation();
  const n = step.rev;
  if (step.kind === 'checking') return <p role="status">{t('restore.checking')}</p>;
  if (step.kind === 'failed') {
    const d = describeError(tApp, step.error, { action: t('restore.actionLabel', { n }), namespace: ns });
    return (
      <div role="alert" className="notice notice-error">
        <strong>{t('restore.failed', { n })}</strong>: {d.title}. {d.detail}
        {asApiError(step.error)?.causes.map((c) => (
          <div key={`${c.field ?? ''}${c.message}`} className="mono small">
            {c.field ? `${c.field}: ` : ''}
            {c.message}
          </div>
        ))}
      </div>
    );
  }
  if (step.kind === 'done') {
    const h = step.result.history;
    return (
      <p role="status" className="notice">
        {h?.recorded
          ? t('restore.done', { n, rev: h.revision })
          : t('restore.doneNotRecorded', { n, message: h?.message ?? '' })}
      </p>
    );
  }
  if (step.kind === 'conflict') {
    const liveSpec = (step.live as { spec?: unknown } | undefined)?.spec ?? {};
    return (
      <section className="card" aria-labelledby="restore-conflict-title">
        <h3 id="restore-conflict-title">{t('restore.conflictTitle')}</h3>
        <p>{t('restore.conflictText', { n })}</p>
        <DiffView
          original={specYaml(liveSpec)}
          modified={specYaml(step.target)}
          language="yaml"
          originalLabel={t('restore.current')}
          modifiedLabel={t('restore.target', { n })}
        />
        <div className="actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('restore.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            {t('restore.retry')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="restore-title">
      <h3 id="restore-title">{t('restore.title', { n })}</h3>
      <p>{t('restore.text', { n })}</p>
      <DiffView
        original={specYaml(step.result.before)}
        modified={specYaml(step.result.object.spec ?? {})}
        language="yaml"
        originalLabel={t('restore.current')}
        modifiedLabel={t('restore.target', { n })}
      />
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel} disabled={step.kind === 'writing'}>
          {t('restore.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={step.kind === 'writing'}>
          {t('restore.confirm')}
        </button>
      </div>
    </section>
  );
}
