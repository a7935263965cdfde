import type { RouteObject } from 'react-router';
import { Loading } from '@/components/States';
import { useTranslation } from '@/i18n';
import { Layout } from './Layout';
import { NotFound } from './NotFound';
import { RootRedirect } from './RootRedirect';

function PageLoading() {
  const { t } = useTranslation();
  return <Loading what={t('what.page')} />;
}

/** The route table: every page is its own lazy chunk. */
export const routes: RouteObject[] = [
  { path: '/', element: <RootRedirect /> },
  {
    path: '/ns/:ns',
    element: <Layout />,
    hydrateFallbackElement: <PageLoading />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./pages/ListRoute')).ListRoute }) },
      {
        path: 'isvc/:name/:tab?',
        lazy: async () => ({ Component: (await import('./pages/DetailsRoute')).DetailsRoute }),
      },
      { path: 'create', lazy: async () => ({ Component: (await import('./pages/CreateRoute')).CreateRoute }) },
      { path: 'console', lazy: async () => ({ Component: (await import('./pages/ConsoleRoute')).ConsoleRoute }) },
      { path: 'runtimes', lazy: async () => ({ Component: (await import('./pages/RuntimesRoute')).RuntimesRoute }) },
      { path: '*', element: <NotFound /> },
    ],
  },
  { path: '*', element: <NotFound /> },
];
