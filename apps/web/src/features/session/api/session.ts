import { apiPaths, authPaths } from '@servedeck/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { basePath } from '@/lib/base-path';
import { requestJsonLoading } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export { meQuery } from '@/lib/me-query';

export const namespacesQuery = queryOptions({
  queryKey: keys.namespaces,
  queryFn: ({ signal }) =>
    requestJsonLoading(apiPaths.namespaces(), async () => (await import('@/lib/shell-schemas')).namespaceListSchema, {
      signal,
    }),
  staleTime: 60_000,
});

export function useLogout() {
  return useMutation({
    mutationFn: () =>
      requestJsonLoading(authPaths.logout(), async () => (await import('@/lib/shell-schemas')).logoutResultSchema, {
        method: 'POST',
      }),
    onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
  });
}

/** The current location relative to the base path (what `returnTo` expects). */
export function currentPath(): string {
  const p = window.location.pathname;
  const rel = basePath && p.startsWith(basePath) ? p.slice(basePath.length) || '/' : p;
  return `${rel}${window.location.search}${window.location.hash}`;
}
