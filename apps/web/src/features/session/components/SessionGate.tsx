import { authPaths } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { ErrorState, Loading } from '@/components/States';
import { withBase } from '@/lib/base-path';
import { describeError } from '@/lib/describe-error';
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
  const me = useQuery(meQuery);
  const [expired, setExpired] = useState(false);
  useEffect(() => onUnauthenticated(() => setExpired(true)), []);
  const initial401 = me.isError && asApiError(me.error)?.status === 401 && !me.data;
  useEffect(() => {
    if (initial401) signIn.go(withBase(authPaths.login(currentPath())));
  }, [initial401]);

  if (me.isPending) return <Loading what="your session" />;
  if (initial401) {
    return (
      <main className="signin">
        <h1>Sign in to ServeDeck</h1>
        <p>
          Redirecting to sign in… <a href={withBase(authPaths.login(currentPath()))}>Continue</a>
        </p>
      </main>
    );
  }
  if (me.isError && !me.data) {
    const e = asApiError(me.error);
    // the identity provider is down while the session needs it (a token to renew): say so, keep the session
    const d =
      e?.reason === 'IssuerUnavailable'
        ? { title: 'Sign-in is unavailable', detail: e.message }
        : describeError(me.error, { action: 'load your session' });
    return (
      <main className="signin">
        <ErrorState
          title={d.title}
          detail={d.detail}
          action={
            <button type="button" className="btn" onClick={() => void me.refetch()}>
              Retry
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
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="expired-title"
      aria-describedby="expired-text"
    >
      <div className="overlay-box">
        <h2 id="expired-title">Session expired — sign in again</h2>
        <p id="expired-text">Your unsaved editor text is kept in this tab and comes back after you sign in.</p>
        <a className="btn btn-primary" href={withBase(authPaths.login(currentPath()))}>
          Sign in again
        </a>
      </div>
    </div>
  );
}
