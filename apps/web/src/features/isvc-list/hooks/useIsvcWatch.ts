import { apiPaths, foldWatchEvent, type RawObject, type WatchEvent } from '@servedeck/shared';
import { keys } from '@/lib/query-keys';
import { useEventStream } from '@/lib/watch';
import type { IsvcListData } from '../api/list';

const isIsvc = (o: Record<string, unknown>) => o.kind === undefined || o.kind === 'InferenceService';

function versionKey(o: RawObject): string {
  const m = (o.metadata ?? {}) as { namespace?: string; name?: string; resourceVersion?: string };
  return `${m.namespace ?? ''}/${m.name ?? ''}@${m.resourceVersion ?? ''}`;
}

/**
 * A RESYNC's objects, with each one that has not changed since the list we hold (same namespace, name and
 * resourceVersion) replaced by the object we already have: row summaries are cached per object, so a RESYNC
 * of thousands (the stream's first message, right after the page's own list) re-parses only what changed.
 */
export function keepUnchanged(old: readonly RawObject[] | undefined, items: RawObject[]): RawObject[] {
  if (!old || old.length === 0) return items;
  const held = new Map<string, RawObject>();
  for (const o of old) held.set(versionKey(o), o);
  return items.map((o) => held.get(versionKey(o)) ?? o);
}

/** Live updates: the namespace's watch stream folded into the list query's cache entry (setQueryData). */
export function useIsvcWatch(ns: string, enabled: boolean) {
  return useEventStream(enabled ? apiPaths.isvcsWatch(ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<IsvcListData>(keys.isvcList(ns), (old) => {
        const ev: WatchEvent =
          event.type === 'RESYNC' ? { ...event, items: keepUnchanged(old?.items, event.items) } : event;
        return { ...foldWatchEvent(old, ev, isIsvc), warnings: old?.warnings ?? [] };
      });
    },
  });
}
