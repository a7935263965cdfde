import { ALL_NAMESPACES, type ApiError, apiPaths, foldWatchEvent, type WatchEvent } from '@servedeck/shared';
import { useState } from 'react';
import { keepUnchanged } from '@/lib/isvc-queries';
import { keys } from '@/lib/query-keys';
import { type StreamStatus, useEventStreamStatus } from '@/lib/watch';
import type { IsvcListData } from '../api/list';

const isIsvc = (o: Record<string, unknown>) => o.kind === undefined || o.kind === 'InferenceService';

/** The namespace a Kubernetes refusal names (`... in the namespace "team-b"`), if any. */
export function refusedNamespace(err: ApiError): string | undefined {
  return /in the namespace "([^"]+)"/.exec(err.message)?.[1];
}

export type IsvcWatch = StreamStatus & {
  /** Namespaces of an all-namespaces stream that refused this user (403): the rest of the list stays live. */
  warnings: string[];
};

/** Live updates: the namespace's watch stream folded into the list query's cache entry (setQueryData). */
export function useIsvcWatch(ns: string, enabled: boolean): IsvcWatch {
  // kept per namespace: another page's namespace starts without warnings
  const [held, setHeld] = useState<{ ns: string; warnings: string[] }>({ ns, warnings: [] });
  const status = useEventStreamStatus(enabled ? apiPaths.isvcsWatch(ns) : undefined, {
    onChange: (event, client) => {
      client.setQueryData<IsvcListData>(keys.isvcList(ns), (old) => {
        const ev: WatchEvent =
          event.type === 'RESYNC' ? { ...event, items: keepUnchanged(old?.items, event.items) } : event;
        return { ...foldWatchEvent(old, ev, isIsvc), warnings: old?.warnings ?? [] };
      });
    },
    // one namespace of all refusing this user is a warning: the other namespaces stay live
    onWarning: (err) => {
      if (ns !== ALL_NAMESPACES || err.status !== 403) return false;
      const where = refusedNamespace(err);
      const text = where
        ? `No live updates from namespace ${where}: access denied (${err.message})`
        : `No live updates from one namespace: access denied (${err.message})`;
      setHeld((old) => {
        const list = old.ns === ns ? old.warnings : [];
        return { ns, warnings: list.includes(text) ? list : [...list, text] };
      });
      return true;
    },
  });
  return { ...status, warnings: held.ns === ns ? held.warnings : [] };
}
