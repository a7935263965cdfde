import { ALL_NAMESPACES } from '@servedeck/shared';
import type { Request, Response } from 'express';
import { principalKey } from '../auth/principal';
import { principalOf } from '../auth/require-session';
import { HttpApiError } from '../http/api-error';
import type { K8sClient } from '../k8s/client';
import { asList, type K8sObject } from '../k8s/objects';
import { clientFor, namespacesFor, type RouteContext, requestClient } from '../routes/context';
import { accessAttrsOf } from './access';
import type { CollectionWatch } from './collection-watch';
import { LIST_HEAD, listJson, listTail } from './json';
import { leanObjectsJson, listCollectionSpec } from './lean';
import { sendWatchedList } from './watched-list';

export type ListAnswer = { items: K8sObject[]; resourceVersion?: string; warnings: string[] };

/** Lists not served from a live watch come from the apiserver in pages of this many objects (limit/continue). */
export const LIST_PAGE_SIZE = 500;

type Query = Record<string, string | undefined>;

/**
 * One namespace's share of a list: from the user's live watch, or as listed from the apiserver so far (the
 * first page; `more` reads the rest).
 */
type Share =
  | { part: CollectionWatch; warnings: string[] }
  | {
      part?: undefined;
      items: K8sObject[];
      resourceVersion: string | undefined;
      warnings: string[];
      /** The pages after the first, read one by one; a failure among them ends the share with a warning. */
      more: AsyncGenerator<K8sObject[]> | undefined;
    };

type Source = { client: K8sClient; path: string; query: Query; ns: string };

async function readPage(src: Source, token: string | undefined, signal?: AbortSignal) {
  const query = { ...src.query, limit: String(LIST_PAGE_SIZE), ...(token ? { continue: token } : {}) };
  return asList((await src.client.call('GET', src.path, { query, ...(signal ? { signal } : {}) })).body);
}

/** The pages after the first; a failure (an expired continue token, a refusal) becomes a warning. */
async function* laterPages(src: Source, first: string, warnings: string[], signal: AbortSignal) {
  let token: string | undefined = first;
  while (token && !signal.aborted) {
    try {
      const page = await readPage(src, token, signal);
      token = page.continueToken;
      yield page.items;
    } catch (err) {
      if (signal.aborted) return;
      const why =
        err instanceof HttpApiError ? `${err.apiError.reason}: ${err.apiError.message}` : 'the list broke off';
      warnings.push(`${src.ns}: the list is incomplete (a later page failed): ${why}`);
      return;
    }
  }
}

/** The first page from the apiserver; with `allowRefusal`, a refusal (< 500) is a warning and no items. */
async function firstPage(src: Source, allowRefusal: boolean, signal: AbortSignal): Promise<Share> {
  const warnings: string[] = [];
  try {
    const page = await readPage(src, undefined);
    const more = page.continueToken ? laterPages(src, page.continueToken, warnings, signal) : undefined;
    return { items: page.items, resourceVersion: page.resourceVersion, warnings, more };
  } catch (err) {
    if (allowRefusal && err instanceof HttpApiError && err.apiError.status < 500) {
      return {
        items: [],
        resourceVersion: undefined,
        warnings: [`${src.ns}: ${err.apiError.reason}: ${err.apiError.message}`],
        more: undefined,
      };
    }
    throw err;
  }
}

async function gather(
  ctx: RouteContext,
  req: Request,
  ns: string,
  path: (ns: string) => string,
  query: Query,
  watchedAs: string | undefined,
  signal: AbortSignal,
): Promise<{ shares: Share[]; one: boolean }> {
  const p = principalOf(req);
  const client = requestClient(ctx, req);
  const owner = principalKey(p);
  const cacheable = watchedAs !== undefined && Object.values(query).every((v) => v === undefined);
  const getClient = async () => clientFor(ctx, p);
  // one bound for the whole answer: waiting for parts still syncing never adds more than this
  const deadline = Date.now() + ctx.hub.syncWaitMs;
  /**
   * The user's own live watch of the namespace, or the one shared between users once the apiserver says this
   * user may list there; either one still doing its first list (a stream opened with this list) is waited for.
   */
  const cached = async (n: string): Promise<Share | undefined> => {
    if (!cacheable) return undefined;
    const key = listCollectionSpec(watchedAs, n, path(n)).key;
    // this user's stream opened with this list may still be asking its access reviews: its parts come after them
    await ctx.hub.whenStarted(owner, key, deadline);
    const own = await ctx.hub.whenSynced(owner, key, deadline);
    if (own) return { part: own, warnings: [] };
    const attrs = ctx.config.sharedWatches && ctx.hub.sharedStarting(key) ? accessAttrsOf(path(n)) : undefined;
    if (!attrs || (await ctx.access.verdict(owner, getClient, attrs, 'list')) !== 'allowed') return undefined;
    const shared = await ctx.hub.whenSharedSynced(key, deadline);
    return shared ? { part: shared, warnings: [] } : undefined;
  };
  const src = (n: string): Source => ({ client, path: path(n), query, ns: n });
  if (ns !== ALL_NAMESPACES) {
    return { shares: [(await cached(ns)) ?? (await firstPage(src(ns), false, signal))], one: true };
  }
  const namespaces = await namespacesFor(ctx, p);
  const shares = await Promise.all(namespaces.map(async (n) => (await cached(n)) ?? firstPage(src(n), true, signal)));
  return { shares, one: false };
}

const rvOf = (s: Share): string | undefined => (s.part ? s.part.resourceVersion : s.resourceVersion) || undefined;

/** Ends the paging of an answer when its client leaves. */
function untilClosed(res: Response): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => ac.abort());
  return ac.signal;
}

/**
 * List something namespaced as the user: one namespace, or every usable namespace (one list each, in pages
 * of LIST_PAGE_SIZE; a refusal in one namespace becomes a warning, not a failed page).
 *
 * `watchedAs`: the kind key the watch streams use for this collection (`isvcs`). When this user already
 * has a live, synced list-watch of a namespace's collection in the WatchHub (e.g. the list page's own
 * stream), that namespace is answered from it instead of the apiserver: the informer pattern. A list-watch
 * still doing its first list (the list page opens its stream together with its list) is waited for, up to
 * `hub.syncWaitMs` for the whole answer: one apiserver list then serves the stream and the list. When that
 * list fails (a refusal, etcd down), the part stops or the time is up, the namespace is listed from the
 * apiserver as below, whose answer (or error) is the one the user gets.
 *
 * Consistency trade-off: the watch cache is the collection as of the last event the apiserver sent us,
 * so it can trail the apiserver by the events in flight (milliseconds): a GET right after the user's own
 * write may not show it yet (it arrives on the stream a moment later, and the list page folds it in),
 * where the apiserver's list would be a consistent read. The cache is the user's own watch, or the watch
 * shared between users (hub.ts) once a SelfSubjectAccessReview as this user has said they may list the
 * collection there (asked again after AccessReviews' ttl). A user's own open watch is authorised once, when
 * it starts, so after a RoleBinding is removed it keeps answering until the watch ends (at most its 290 s
 * timeout; the next watch request is refused and the part stops counting as live) — the same window the
 * stream itself has; a shared one stops answering for that user within the review's ttl. Parts that are failing or relisting are not live and fall back to the apiserver.
 */
export async function listAcross(
  ctx: RouteContext,
  req: Request,
  ns: string,
  path: (ns: string) => string,
  query: Query = {},
  watchedAs?: string,
): Promise<ListAnswer> {
  const signal = new AbortController().signal;
  const { shares, one } = await gather(ctx, req, ns, path, query, watchedAs, signal);
  const resourceVersion = one && shares[0] ? rvOf(shares[0]) : undefined;
  const items: K8sObject[] = [];
  for (const s of shares) {
    if (s.part) {
      items.push(...s.part.snapshot());
      continue;
    }
    items.push(...s.items);
    if (s.more) for await (const page of s.more) items.push(...page);
  }
  return { items, ...(resourceVersion ? { resourceVersion } : {}), warnings: shares.flatMap((s) => s.warnings) };
}

/**
 * listAcross, answered as JSON text (the same as JSON.stringify of its answer):
 * - every share from the user's watches: each namespace's bytes (and gzip piece) are kept until it
 *   changes, and the answer joins them (watched-list.ts);
 * - otherwise the first page of every namespace is written as soon as it is in, and later pages as they
 *   arrive (a cold list of thousands starts reaching the browser after one page, not after the whole
 *   list); a later page that fails ends that namespace's items with a warning (the status is out).
 * Objects go without managedFields (lean.ts), from the apiserver as from the watches.
 * No ETag: Express's res.json would hash the whole body for a revalidation no client does (the list page
 * keeps itself current from the stream).
 */
export async function sendListAcross(
  ctx: RouteContext,
  req: Request,
  res: Response,
  ns: string,
  path: (ns: string) => string,
  watchedAs: string,
): Promise<void> {
  const signal = untilClosed(res);
  const { shares, one } = await gather(ctx, req, ns, path, {}, watchedAs, signal);
  const resourceVersion = one && shares[0] ? rvOf(shares[0]) : undefined;
  const firstPieces = () => shares.map((s) => (s.part ? s.part.itemsJson() : leanObjectsJson(s.items)));
  const warnings = () => shares.flatMap((s) => s.warnings);
  const parts = shares.flatMap((s) => (s.part ? [s.part] : []));
  if (parts.length === shares.length && parts.length > 0) {
    await sendWatchedList(req, res, parts, resourceVersion, warnings());
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (shares.every((s) => s.part || !s.more)) {
    res.end(listJson(firstPieces(), resourceVersion, warnings()));
    return;
  }
  // In pages: JSON already written cannot become an error answer any more.
  const flush = () => (res as Response & { flush?: () => void }).flush?.();
  let written = false;
  const write = (piece: string): void => {
    if (piece.length === 0) return;
    res.write(written ? `,${piece}` : piece);
    written = true;
  };
  res.write(LIST_HEAD);
  for (const piece of firstPieces()) write(piece);
  flush();
  for (const s of shares) {
    if (s.part || !s.more) continue;
    for await (const page of s.more) {
      write(leanObjectsJson(page));
      flush();
    }
  }
  if (!signal.aborted) res.end(listTail(resourceVersion, warnings()));
}
