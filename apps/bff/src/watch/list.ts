import { ALL_NAMESPACES } from '@servedeck/shared';
import type { Request, Response } from 'express';
import { principalKey } from '../auth/principal';
import { principalOf } from '../auth/require-session';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { asList, type K8sObject } from '../k8s/objects';
import { clientFor, namespacesFor, type RouteContext } from '../routes/context';
import { type CollectionWatch, collectionSpec } from './collection-watch';
import { listJson, objectsJson } from './json';

export type ListAnswer = { items: K8sObject[]; resourceVersion?: string; warnings: string[] };

/** One namespace's share of a list: from the user's live watch, or as listed from the apiserver. */
type Share = { part: CollectionWatch; warnings: string[] } | (ListAnswer & { part?: undefined });

async function gather(
  ctx: RouteContext,
  req: Request,
  ns: string,
  path: (ns: string) => string,
  query: Record<string, string | undefined>,
  watchedAs: string | undefined,
): Promise<{ shares: Share[]; one: boolean }> {
  const p = principalOf(req);
  const client = clientFor(ctx, p);
  const owner = principalKey(p);
  const cacheable = watchedAs !== undefined && Object.values(query).every((v) => v === undefined);
  const cached = (n: string): Share | undefined => {
    const part = cacheable ? ctx.hub.peek(owner, collectionSpec(watchedAs, n, path(n)).key) : undefined;
    return part ? { part, warnings: [] } : undefined;
  };
  if (ns !== ALL_NAMESPACES) {
    const hit = cached(ns);
    if (hit) return { shares: [hit], one: true };
    const { items, resourceVersion } = asList((await client.call('GET', path(ns), { query })).body);
    return { shares: [{ items, ...(resourceVersion ? { resourceVersion } : {}), warnings: [] }], one: true };
  }
  const namespaces = await namespacesFor(ctx, p);
  const shares = await Promise.all(namespaces.map((n) => cached(n) ?? listOne(client, path(n), query, n)));
  return { shares, one: false };
}

const rvOf = (s: Share): string | undefined => (s.part ? s.part.resourceVersion : s.resourceVersion) || undefined;

/**
 * List something namespaced as the user: one namespace, or every usable namespace (one call each;
 * a refusal in one namespace becomes a warning, not a failed page).
 *
 * `watchedAs`: the kind key the watch streams use for this collection (`isvcs`). When this user already
 * has a live, synced list-watch of a namespace's collection in the WatchHub (e.g. the list page's own
 * stream), that namespace is answered from it instead of the apiserver: the informer pattern.
 *
 * Consistency trade-off: the watch cache is the collection as of the last event the apiserver sent us,
 * so it can trail the apiserver by the events in flight (milliseconds): a GET right after the user's own
 * write may not show it yet (it arrives on the stream a moment later, and the list page folds it in),
 * where the apiserver's list would be a consistent read. The cache was filled with this user's own
 * credentials and is keyed by the user (WatchHub is never shared across users); but an open watch is authorised once, when it starts, so after
 * a RoleBinding is removed the cache keeps answering until the watch ends (at most its 290 s timeout;
 * the next watch request is refused and the part stops counting as live) — the same window the stream
 * itself has. Parts that are failing or relisting are not live and fall back to the apiserver.
 */
export async function listAcross(
  ctx: RouteContext,
  req: Request,
  ns: string,
  path: (ns: string) => string,
  query: Record<string, string | undefined> = {},
  watchedAs?: string,
): Promise<ListAnswer> {
  const { shares, one } = await gather(ctx, req, ns, path, query, watchedAs);
  const resourceVersion = one && shares[0] ? rvOf(shares[0]) : undefined;
  return {
    items: shares.flatMap((s) => (s.part ? s.part.snapshot() : s.items)),
    ...(resourceVersion ? { resourceVersion } : {}),
    warnings: shares.flatMap((s) => s.warnings),
  };
}

/**
 * listAcross, answered as JSON text (the same as JSON.stringify of its answer): the shares served from a
 * watch join the JSON their CollectionWatch keeps per object, so a warm list of thousands is a string join, not a
 * serialisation of every object. No ETag: Express's res.json would hash the whole body (about a third of the
 * serialising time) for a revalidation no client does (the list page keeps itself current from the stream).
 */
export async function sendListAcross(
  ctx: RouteContext,
  req: Request,
  res: Response,
  ns: string,
  path: (ns: string) => string,
  watchedAs: string,
): Promise<void> {
  const { shares, one } = await gather(ctx, req, ns, path, {}, watchedAs);
  const resourceVersion = one && shares[0] ? rvOf(shares[0]) : undefined;
  const build = (): string =>
    listJson(
      shares.map((s) => (s.part ? s.part.itemsJson() : objectsJson(s.items))),
      resourceVersion,
      shares.flatMap((s) => s.warnings),
    );
  // All from the user's watches: the answer is kept (as bytes) until one of them changes, like the RESYNC.
  const parts = shares.flatMap((s) => (s.part ? [s.part] : []));
  const body =
    parts.length === shares.length && parts.length > 0
      ? ctx.hub.serialise(principalKey(principalOf(req)), `list\u0000${watchedAs}\u0000${ns}`, parts, build)
      : Buffer.from(build(), 'utf8');
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

async function listOne(
  client: K8sClient,
  path: string,
  query: Record<string, string | undefined>,
  ns: string,
): Promise<Share> {
  try {
    return { items: asList((await client.call('GET', path, { query })).body).items, warnings: [] };
  } catch (err) {
    if (err instanceof HttpApiError && err.apiError.status < 500) {
      return { items: [], warnings: [`${ns}: ${err.apiError.reason}: ${err.apiError.message}`] };
    }
    throw err;
  }
}
