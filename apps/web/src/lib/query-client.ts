import { MutationCache, type QueryClient as QC, QueryClient, type QueryKey } from '@tanstack/react-query';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { invalidates?: readonly QueryKey[] };
  }
}

/**
 * One cache for the whole app. 401/403/404 are answers, not glitches: never retried. Mutations declare
 * what they invalidate in `meta.invalidates`; the MutationCache does it once they settle.
 */
export function createQueryClient(opts: { retryDelayMs?: number } = {}): QueryClient {
  const client: QC = new QueryClient({
    mutationCache: new MutationCache({
      onSettled: (_data, _error, _vars, _ctx, mutation) => {
        for (const key of mutation.meta?.invalidates ?? []) void client.invalidateQueries({ queryKey: key });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => {
          const status = (error as { status?: number } | null)?.status;
          if (status !== undefined && status >= 400 && status < 500) return false;
          return count < 2;
        },
        ...(opts.retryDelayMs === undefined ? {} : { retryDelay: opts.retryDelayMs }),
      },
    },
  });
  return client;
}
