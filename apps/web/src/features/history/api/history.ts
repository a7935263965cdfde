import { historyPaths, historySchema, restoreResultSchema } from '@servedeck/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export const historyKey = (ns: string, name: string) => [...keys.isvc(ns, name), 'history'] as const;

export const historyQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: historyKey(ns, name),
    queryFn: ({ signal }) => requestJson(historyPaths.history(ns, name), historySchema, { signal }),
  });

/** POST .../history/:rev/restore: a dry run, or the write; `resourceVersion` is what the user saw. */
export function restoreRevision(ns: string, name: string, rev: number, dryRun: boolean, resourceVersion: string) {
  return requestJson(historyPaths.restore(ns, name, rev), restoreResultSchema, {
    method: 'POST',
    query: { dryRun },
    json: { resourceVersion },
  });
}

export function useRestore(ns: string, name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { rev: number; dryRun: boolean; resourceVersion: string }) =>
      restoreRevision(ns, name, v.rev, v.dryRun, v.resourceVersion),
    onSuccess: (_r, v) => {
      if (!v.dryRun) void qc.invalidateQueries({ queryKey: keys.isvc(ns, name) });
    },
  });
}
