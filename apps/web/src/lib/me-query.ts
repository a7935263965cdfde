import { apiPaths } from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJsonLoading, setCsrfToken } from './http';
import { keys } from './query-keys';

/** Who is signed in (and the CSRF token every write sends): the session gate's, the header's and the console's. */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async ({ signal }) => {
    const me = await requestJsonLoading(apiPaths.me(), async () => (await import('./shell-schemas')).meSchema, {
      signal,
    });
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 60_000,
});
