import type { RouteObject } from 'react-router';
import { RouteError } from '@/components/PageErrorBoundary';
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
  { path: '/', element: <RootRedirect />, errorElement: <RouteError /> },
  {
    path: '/ns/:ns',
    element: <Layout />,
    // A page's chunk that does not load (a new deploy) or a route that throws: never React Router's stack trace.
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoading />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./pages/ListRoute')).ListRoute }) },
      {
        path: 'isvc/:name/:tab?',
        lazy: async () => ({ Component: (await import('./pages/DetailsRoute')).DetailsRoute }),
      },
      { path: 'graphs', lazy: async () => ({ Component: (await import('./pages/GraphsRoute')).GraphsRoute }) },
      {
        path: 'graphs/:name/:tab?',
        lazy: async () => ({ Component: (await import('./pages/GraphRoute')).GraphRoute }),
      },
      { path: 'llm', lazy: async () => ({ Component: (await import('./pages/LlmRoute')).LlmRoute }) },
      { path: 'llm/:name/:tab?', lazy: async () => ({ Component: (await import('./pages/LlmRoute')).LlmRoute }) },
      { path: 'create', lazy: async () => ({ Component: (await import('./pages/CreateRoute')).CreateRoute }) },
      { path: 'console', lazy: async () => ({ Component: (await import('./pages/ConsoleRoute')).ConsoleRoute }) },
      { path: 'runtimes', lazy: async () => ({ Component: (await import('./pages/RuntimesRoute')).RuntimesRoute }) },
      { path: '*', element: <NotFound /> },
    ],
  },
  { path: '*', element: <NotFound /> },
];
