import {
  kindApiPaths,
  type ObjectList,
  objectListSchema,
  type ResourceKind,
  type WriteResult,
  writeResultSchema,
} from '@servedeck/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from './http';
import { rawObjectSchema } from './isvc-queries';

/**
 * The queries every registry kind's views share, derived from its entry (packages/shared/src/registry): a
 * feature names its key tree's root and gets the list, the object, the CRD schema and the replace call.
 */
export type KindKeys = {
  list: (ns: string) => readonly [string, 'list', string];
  one: (ns: string, name: string) => readonly [string, 'detail', string, string];
};

/** Query keys of one kind's own tree: `[root, 'list', ns]`, `[root, 'detail', ns, name]`. */
export function kindKeys(root: string): KindKeys {
  return {
    list: (ns) => [root, 'list', ns] as const,
    one: (ns, name) => [root, 'detail', ns, name] as const,
  };
}

/** The list of a namespace (or `_all`); kept fresh by the list page's watch stream (useKindListWatch). */
export const kindListQuery = (kind: ResourceKind, keys: KindKeys, ns: string) =>
  queryOptions({
    queryKey: keys.list(ns),
    queryFn: ({ signal }): Promise<ObjectList> =>
      requestJson(kindApiPaths.list(kind, ns), objectListSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** One object, as the apiserver returns it (kept fresh by the details page's watch stream, useKindWatch). */
export const kindQuery = (kind: ResourceKind, keys: KindKeys, ns: string, name: string) =>
  queryOptions({
    queryKey: keys.one(ns, name),
    queryFn: ({ signal }) => requestJson(kindApiPaths.object(kind, ns, name), rawObjectSchema, { signal }),
  });

/** The kind's CRD schema (its `version`), for the YAML tab's checks and completion; keyed `['schema', kind]`. */
export const kindSchemaQuery = (kind: ResourceKind) =>
  queryOptions({
    queryKey: ['schema', kind.kind.toLowerCase()] as const,
    queryFn: ({ signal }) => requestJson(kindApiPaths.schema(kind), rawObjectSchema, { signal }),
    staleTime: 10 * 60_000,
  });

/** Replace one object (strict field validation; `dryRun` checks without writing). */
export function replaceKind(
  kind: ResourceKind,
  ns: string,
  name: string,
  obj: unknown,
  dryRun: boolean,
): Promise<WriteResult> {
  return requestJson(kindApiPaths.object(kind, ns, name), writeResultSchema, {
    method: 'PUT',
    json: obj,
    query: { fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) },
  });
}
