import { apiPaths, type WriteOptions, writeResultSchema } from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { requestJson } from '@/lib/http';
import { keys } from '@/lib/query-keys';

export const schemaQuery = queryOptions({
  queryKey: keys.isvcSchema,
  queryFn: ({ signal }) => requestJson(apiPaths.isvcSchema(), z.record(z.string(), z.unknown()), { signal }),
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

const STRICT: WriteOptions = { fieldValidation: 'Strict' };

/** Replace (PUT) an InferenceService; with `dryRun` the apiserver validates without writing. */
export function replaceIsvc(ns: string, name: string, doc: unknown, dryRun: boolean) {
  return requestJson(apiPaths.isvc(ns, name), writeResultSchema, {
    method: 'PUT',
    json: doc,
    query: { ...STRICT, ...(dryRun ? { dryRun: 'All' } : {}) },
  });
}

export function createIsvc(ns: string, doc: unknown, dryRun: boolean) {
  return requestJson(apiPaths.isvcs(ns), writeResultSchema, {
    method: 'POST',
    json: doc,
    query: { ...STRICT, ...(dryRun ? { dryRun: 'All' } : {}) },
  });
}
