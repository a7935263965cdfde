import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useLocation, useRouteError } from 'react-router';
import { useTranslation } from '@/i18n';
import { draftForPath } from '@/lib/drafts';
import { CopyButton } from './CopyButton';

/** One line that says what failed: an Error's message (never its stack), or the value as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && 'statusText' in error) return String(error.statusText);
  return String(error);
}

/**
 * What a page that failed shows instead of itself: what happened in one line, that the user's unsaved editor
 * text is kept (drafts in this tab; the page restores it when it opens again) with a copy of it, and a retry.
 */
export function PageCrashed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const draft = draftForPath(pathname);
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t('crash.title')}</p>
      <p className="muted">{errorMessage(error)}</p>
      {draft !== undefined ? <p>{t('crash.draftKept')}</p> : null}
      <div className="actions-left">
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          {t('common.retry')}
        </button>
        {draft !== undefined ? (
          <CopyButton text={draft} label={t('crash.copyDraft')}>
            {t('crash.copyDraft')}
          </CopyButton>
        ) : null}
      </div>
    </div>
  );
}

type Props = { resetKey: string; children: ReactNode };
type State = { error: unknown; key: string; failed: boolean };

/**
 * Catches what a page throws while rendering, so one page's failure never takes the app (or the user's work)
 * with it. Retry renders the page again; moving to another page (`resetKey`) clears the failure.
 */
export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, key: this.props.resetKey, failed: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { key: props.resetKey, failed: false, error: undefined };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For developers (the console), never on the page.
    console.error('A page failed to render', error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <PageCrashed error={this.state.error} onRetry={() => this.setState({ failed: false, error: undefined })} />;
  }
}

/** React Router's errorElement (a page's chunk did not load, a route threw): the same, and retry reloads. */
export function RouteError() {
  const error = useRouteError();
  return <PageCrashed error={error} onRetry={() => window.location.reload()} />;
}
