import { QueryClient } from '@tanstack/react-query';

/** One cache for the whole app. 401/403/404 are answers, not glitches: never retried. */
export function createQueryClient(opts: { retryDelayMs?: number } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (count, error) => {
          const status = (error as { status?: number } | null)?.status;
          if (status !== undefined && status >= 400 && status < 500) return false;
          return count < 2;
        },
        ...(opts.retryDelayMs === undefined ? {} : { retryDelay: opts.retryDelayMs }),
      },
    },
  });
}
