import type { ReactNode } from 'react';
import { useTranslation } from '@/i18n';

/** `what` is already translated (`what.*` keys). */
export function Loading({ what }: { what: string }) {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('common.loading', { what })}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** An error that says what happened and what to do next. */
export function ErrorState({
  title,
  detail,
  action,
}: {
  title: string;
  detail?: string | undefined;
  action?: ReactNode;
}) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      {detail ? <p className="muted">{detail}</p> : null}
      {action}
    </div>
  );
}
