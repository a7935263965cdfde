import { authPaths } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useDeferredValue, useEffect, useState } from 'react';
import { ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { withBase } from '@/lib/base-path';
import { asApiError, onUnauthenticated } from '@/lib/http';
import { currentPath, meQuery } from '../api/session';

/** Where the browser goes to sign in (replaceable in tests). */
export const signIn = { go: (url: string) => window.location.assign(url) };

/**
 * Loads the session. No session at all → straight to the BFF's login with the current path to come back
 * to. A session that expires while working → a modal that keeps the page (and the editors' drafts, which
 * live in sessionStorage) and lets the user sign in again.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  // The answer comes through the query cache's store, whose updates React renders synchronously: the whole page
  // mounting behind the gate would be one long task. Deferred, the page mounts in a background render that React
  // splits into slices (and the loading line stays until it is ready).
  const pending = useDeferredValue(me.isPending);
  const [expired, setExpired] = useState(false);
  useEffect(() => onUnauthenticated(() => setExpired(true)), []);
  const initial401 = me.isError && asApiError(me.error)?.status === 401 && !me.data;
  useEffect(() => {
    if (initial401) signIn.go(withBase(authPaths.login(currentPath())));
  }, [initial401]);

  if (pending || me.isPending) return <Loading what={t('what.session')} />;
  if (initial401) {
    return (
      <main className="signin">
        <h1>{t('session.signInTitle')}</h1>
        <p>
          {t('session.redirecting')} <a href={withBase(authPaths.login(currentPath()))}>{t('session.continue')}</a>
        </p>
      </main>
    );
  }
  if (me.isError && !me.data) {
    const e = asApiError(me.error);
    // the identity provider is down while the session needs it (a token to renew): say so, keep the session
    const d =
      e?.reason === 'IssuerUnavailable'
        ? { title: t('session.signInUnavailable'), detail: e.message }
        : describeError(t, me.error, { action: t('actions.loadSession') });
    return (
      <main className="signin">
        <ErrorState
          title={d.title}
          detail={d.detail}
          action={
            <button type="button" className="btn" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </button>
          }
        />
      </main>
    );
  }
  return (
    <>
      {children}
      {expired ? <SessionExpired /> : null}
    </>
  );
}

export function SessionExpired() {
  const { t } = useTranslation();
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="expired-title"
      aria-describedby="expired-text"
    >
      <div className="overlay-box">
        <h2 id="expired-title">{t('session.expired.title')}</h2>
        <p id="expired-text">{t('session.expired.text')}</p>
        <a className="btn btn-primary" href={withBase(authPaths.login(currentPath()))}>
          {t('session.expired.signIn')}
        </a>
      </div>
    </div>
  );
}
