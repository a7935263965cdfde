import { ALL_NAMESPACES } from '@servedeck/shared';
import { Suspense } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { KeyboardShortcuts } from '@/components/KeyboardShortcuts';
import { LocaleSwitcher } from '@/components/LocaleSwitcher';
import { PageErrorBoundary } from '@/components/PageErrorBoundary';
import { Loading } from '@/components/States';
import { ThemeToggle } from '@/components/ThemeToggle';
import { NamespaceSwitcher, SessionGate, UserMenu } from '@/features/session';
import { useTranslation } from '@/i18n';
import { rememberNamespace } from './namespace-memory';

/** Sections that exist per namespace; switching namespace keeps the section. */
function sectionOf(pathname: string): string {
  const m = pathname.match(/^\/ns\/[^/]+\/(create|console|runtimes|graphs|llm)/);
  return m?.[1] ? `/${m[1]}` : '';
}

export function Layout() {
  const { ns = ALL_NAMESPACES } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const nsPath = `/ns/${encodeURIComponent(ns)}`;
  return (
    <SessionGate>
      {/* With <base href>, a bare "#main" would resolve against the base URL: keep the current path. */}
      <a className="skip-link" href={`${location.pathname}${location.search}#main`}>
        {t('app.skipToContent')}
      </a>
      <header className="shell-header">
        <NavLink className="brand" to={nsPath}>
          ServeDeck
        </NavLink>
        <nav aria-label={t('app.nav.label')} className="main-nav">
          <NavLink to={nsPath} end>
            {t('app.nav.isvcs')}
          </NavLink>
          <NavLink to={`${nsPath}/graphs`}>{t('app.nav.graphs')}</NavLink>
          <NavLink to={`${nsPath}/llm`}>{t('app.nav.llm')}</NavLink>
          <NavLink to={`${nsPath}/console`}>{t('app.nav.console')}</NavLink>
          <NavLink to={`${nsPath}/runtimes`}>{t('app.nav.runtimes')}</NavLink>
        </nav>
        <div className="spacer" />
        <NamespaceSwitcher
          value={ns}
          onChange={(next) => {
            rememberNamespace(next);
            let section = sectionOf(location.pathname);
            if (section === '/create' && next === ALL_NAMESPACES) section = '';
            navigate(`/ns/${encodeURIComponent(next)}${section}`);
          }}
        />
        <LocaleSwitcher />
        <ThemeToggle />
        <UserMenu />
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        <PageErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Loading what={t('what.page')} />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
        <KeyboardShortcuts />
      </main>
    </SessionGate>
  );
}
