import type { WatchEvent } from './wire';

export type RawObject = Record<string, unknown>;
/** A list as the BFF answers it (and as the web app caches it). */
export type RawList = { items: RawObject[]; resourceVersion?: string | undefined };

function keyOf(o: RawObject): string {
  const m = (o.metadata ?? {}) as { namespace?: unknown; name?: unknown };
  return `${String(m.namespace ?? '')}/${String(m.name ?? '')}`;
}

/**
 * Fold one watch event into a list: ADDED/MODIFIED replace or append by namespace/name, DELETED removes,
 * RESYNC replaces everything. Returns a new list (never mutates); `keep` filters RESYNC items by kind.
 */
export function foldWatchEvent(
  list: RawList | undefined,
  event: WatchEvent,
  keep: (o: RawObject) => boolean = () => true,
): RawList {
  if (event.type === 'RESYNC') return { items: event.items.filter(keep), resourceVersion: event.resourceVersion };
  const items = list?.items ?? [];
  if (!keep(event.object)) return list ?? { items };
  const k = keyOf(event.object);
  const idx = items.findIndex((o) => keyOf(o) === k);
  const rv = ((event.object.metadata ?? {}) as { resourceVersion?: string }).resourceVersion;
  const resourceVersion = rv ?? list?.resourceVersion;
  if (event.type === 'DELETED') {
    return idx < 0 ? (list ?? { items }) : { items: items.filter((_, i) => i !== idx), resourceVersion };
  }
  if (idx < 0) return { items: [...items, event.object], resourceVersion };
  const next = items.slice();
  next[idx] = event.object;
  return { items: next, resourceVersion };
}
