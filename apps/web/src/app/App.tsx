import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { basePath } from '@/lib/base-path';
import { createQueryClient } from '@/lib/query-client';
import { routes } from './routes';

/** `client`: the app's one cache when main.tsx made it first (to ask for the session before the first render). */
export function App({ client: given }: { client?: QueryClient }) {
  const [client] = useState(() => given ?? createQueryClient());
  const [router] = useState(() => createBrowserRouter(routes, basePath ? { basename: basePath } : {}));
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
