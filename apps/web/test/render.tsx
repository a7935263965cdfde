import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createQueryClient } from '../src/lib/query-client';

/** Render at `url` with a fresh QueryClient; `path` is the route pattern the element sits on. */
export function renderAt(
  element: ReactNode,
  opts: { url: string; path: string },
): RenderResult & { client: QueryClient; router: ReturnType<typeof createMemoryRouter> } {
  const client = createQueryClient({ retryDelayMs: 0 });
  const router = createMemoryRouter(
    [
      { path: opts.path, element },
      { path: '*', element: <p>elsewhere</p> },
    ],
    { initialEntries: [opts.url] },
  );
  const utils = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...utils, client, router };
}

export const me = {
  user: { name: 'user@example.com', email: 'user@example.com', groups: [] },
  mode: 'oidc',
  csrfToken: 'csrf-123',
  passwordLogin: false,
  gatewayUrl: 'http://127.0.0.1:18081',
};

export const ns = fixtures.FIXTURE_NS;

export const handlers = {
  me: () => http.get(apiPaths.me(), () => HttpResponse.json(me)),
  namespaces: () =>
    http.get(apiPaths.namespaces(), () => HttpResponse.json({ items: [{ name: ns }, { name: 'team-b' }] })),
  list: (items: unknown[] = fixtures.fixtureIsvcs, namespace = ns) =>
    http.get(apiPaths.isvcs(namespace), () => HttpResponse.json({ items, resourceVersion: '2000' })),
  podCounts: (namespace = ns) => http.get(apiPaths.isvcPodCounts(namespace), () => HttpResponse.json({ items: [] })),
  schema: () => http.get(apiPaths.isvcSchema(), () => HttpResponse.json(fixtures.isvcSchemaFixture)),
};
