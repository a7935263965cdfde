import { apiPaths, type WriteOptions, writeResultSchema } from '@servedeck/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
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

export type CreateOutcome =
  /** A dry run refused document `index`: nothing was created. */
  | { kind: 'refused'; index: number; name: string; error: unknown }
  /** Every dry run passed; each document's real create, in order. */
  | { kind: 'created'; results: { name: string; error?: unknown; warnings: string[] }[] };

const nameOf = (doc: Record<string, unknown>, fallback: string) =>
  String((doc.metadata as { name?: unknown } | undefined)?.name ?? fallback);

/** Dry-run every document first, so nothing is created when one of them is invalid; then create each. */
export async function createAll(ns: string, docs: Record<string, unknown>[]): Promise<CreateOutcome> {
  for (const [index, doc] of docs.entries()) {
    try {
      await createIsvc(ns, doc, true);
    } catch (error) {
      return { kind: 'refused', index, name: nameOf(doc, `document ${index + 1}`), error };
    }
  }
  const results: { name: string; error?: unknown; warnings: string[] }[] = [];
  for (const doc of docs) {
    const name = nameOf(doc, '?');
    try {
      results.push({ name, warnings: (await createIsvc(ns, doc, false)).warnings });
    } catch (error) {
      results.push({ name, error, warnings: [] });
    }
  }
  return { kind: 'created', results };
}

/** Create several InferenceServices (createAll); the namespace's list is invalidated once it settles. */
export function useCreateIsvcs(ns: string) {
  return useMutation({
    mutationFn: (docs: Record<string, unknown>[]) => createAll(ns, docs),
    meta: { invalidates: [keys.isvcList(ns)] },
  });
}
