import { ALL_NAMESPACES } from '@servedeck/shared';
import type { Request } from 'express';
import { principalOf } from '../auth/require-session';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { asList, type K8sObject } from '../k8s/objects';
import { clientFor, namespacesFor, type RouteContext } from './context';

export type ListAnswer = { items: K8sObject[]; resourceVersion?: string; warnings: string[] };

/**
 * List something namespaced as the user: one namespace, or every usable namespace (one call each;
 * a refusal in one namespace becomes a warning, not a failed page).
 */
export async function listAcross(
  ctx: RouteContext,
  req: Request,
  ns: string,
  path: (ns: string) => string,
  query: Record<string, string | undefined> = {},
): Promise<ListAnswer> {
  const p = principalOf(req);
  const client = clientFor(ctx, p);
  if (ns !== ALL_NAMESPACES) {
    const { items, resourceVersion } = asList((await client.call('GET', path(ns), { query })).body);
    return { items, ...(resourceVersion ? { resourceVersion } : {}), warnings: [] };
  }
  const namespaces = await namespacesFor(ctx, p);
  const parts = await Promise.all(namespaces.map((n) => listOne(client, path(n), query, n)));
  return {
    items: parts.flatMap((x) => x.items),
    warnings: parts.flatMap((x) => x.warnings),
  };
}

async function listOne(
  client: K8sClient,
  path: string,
  query: Record<string, string | undefined>,
  ns: string,
): Promise<{ items: K8sObject[]; warnings: string[] }> {
  try {
    return { items: asList((await client.call('GET', path, { query })).body).items, warnings: [] };
  } catch (err) {
    if (err instanceof HttpApiError && err.apiError.status < 500) {
      return { items: [], warnings: [`${ns}: ${err.apiError.reason}: ${err.apiError.message}`] };
    }
    throw err;
  }
}
