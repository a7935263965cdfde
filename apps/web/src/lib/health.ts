import { queryOptions } from '@tanstack/react-query';

export const healthQuery = queryOptions({
  queryKey: ['healthz'],
  queryFn: async ({ signal }) => {
    const res = await fetch('/healthz', { signal });
    if (!res.ok) throw Object.assign(new Error(`healthz ${res.status}`), { status: res.status });
    return (await res.json()) as { status: string };
  },
});
