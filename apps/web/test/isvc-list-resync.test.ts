import { apiPaths, foldWatchEvent } from '@servedeck/shared';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { rowOf } from '../src/features/isvc-list/hooks/useIsvcRows';
import { type IsvcListData, isvcListQuery, keepUnchanged } from '../src/lib/isvc-queries';
import { keys } from '../src/lib/query-keys';
import { server } from './msw';

const isvc = (ns: string, name: string, rv: string) => ({
  kind: 'InferenceService',
  metadata: { namespace: ns, name, resourceVersion: rv },
});

describe('a RESYNC of the list keeps the objects that did not change', () => {
  it('reuses held objects with the same namespace, name and resourceVersion; takes the rest from the RESYNC', () => {
    const held = [isvc('a', 'm', '1'), isvc('a', 'n', '1'), isvc('b', 'm', '1'), isvc('b', 'gone', '1')];
    const resync = [isvc('a', 'm', '1'), isvc('a', 'n', '2'), isvc('b', 'm', '1'), isvc('b', 'new', '3')];
    const out = keepUnchanged(held, resync);
    expect(out).toEqual(resync); // the same contents, in the RESYNC's order, without what it dropped
    expect(out[0]).toBe(held[0]);
    expect(out[1]).toBe(resync[1]); // changed: the new object
    expect(out[2]).toBe(held[2]); // keyed by namespace too: b/m is held[2], not a/m
    expect(out[3]).toBe(resync[3]);
  });

  it('without a held list, the RESYNC as it is', () => {
    const resync = [isvc('a', 'm', '1')];
    expect(keepUnchanged(undefined, resync)).toBe(resync);
    expect(keepUnchanged([], resync)).toBe(resync);
  });
});

describe('the list cache with thousands of objects', () => {
  const full = (ns: string, name: string, rv: string, phase = 'Ready') => ({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { namespace: ns, name, resourceVersion: rv, creationTimestamp: '2026-12-01T00:00:00Z' },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://m' } } },
    status: { conditions: [{ type: 'Ready', status: phase === 'Ready' ? 'True' : 'False' }] },
  });

  it('holds what a watch event wrote, without comparing the whole list against the old one', () => {
    const client = new QueryClient();
    const key = keys.isvcList('team');
    // the cache entry as the list page's useQuery makes it (an observer with the list query's options), not fetching
    new QueryObserver(client, { ...isvcListQuery('team'), enabled: false });
    const first: IsvcListData = { items: [isvc('team', 'a', '1'), isvc('team', 'b', '1')], warnings: [] };
    client.setQueryData<IsvcListData>(key, first);
    const event = { type: 'MODIFIED' as const, object: isvc('team', 'b', '2') };
    const next = client.setQueryData<IsvcListData>(key, (old) => ({
      ...foldWatchEvent(old, event),
      warnings: old?.warnings ?? [],
    }));
    // the folded list as it is: the untouched object is the held one (the fold kept it), the changed one is new
    expect(next?.items[0]).toBe(first.items[0]);
    expect(next?.items[1]).toBe(event.object);
    // an equal list is not swapped for the old one (TanStack's structural sharing, a deep walk, is off)
    const copy = { items: [...(next?.items ?? [])], warnings: [] };
    expect(client.setQueryData<IsvcListData>(key, copy)).toBe(copy);
  });

  it('a refetched list keeps the held objects that did not change', async () => {
    server.use(
      http.get(apiPaths.isvcs('team'), () =>
        HttpResponse.json({ items: [isvc('team', 'a', '1'), isvc('team', 'b', '2')], warnings: [] }),
      ),
    );
    const client = new QueryClient();
    const held: IsvcListData = { items: [isvc('team', 'a', '1'), isvc('team', 'b', '1')], warnings: [] };
    client.setQueryData(keys.isvcList('team'), held, { updatedAt: Date.now() - 60_000 });
    const got = await client.fetchQuery({ ...isvcListQuery('team'), staleTime: 0 });
    expect(got.items[0]).toBe(held.items[0]);
    expect(got.items[1]).not.toBe(held.items[1]);
    expect(got.items[1]?.metadata).toMatchObject({ resourceVersion: '2' });
  });

  it('builds a row once per object and pod count, again when either changes', () => {
    const raw = full('team', 'a', '1');
    const counts = new Map([['team/a', { ready: 1, total: 1 }]]);
    const row = rowOf(raw, counts);
    expect(row).toMatchObject({ name: 'a', namespace: 'team', pods: { ready: 1, total: 1 } });
    expect(rowOf(raw, new Map([['team/a', { ready: 1, total: 1 }]]))).toBe(row);
    const scaled = rowOf(raw, new Map([['team/a', { ready: 2, total: 2 }]]));
    expect(scaled).not.toBe(row);
    expect(scaled?.pods).toEqual({ ready: 2, total: 2 });
    expect(rowOf(raw, undefined)?.pods).toBeUndefined();
    const changed = rowOf(full('team', 'a', '2', 'NotReady'), undefined);
    expect(changed?.status.phase).not.toBe('Ready');
    expect(rowOf({ kind: 'Nonsense' }, undefined)).toBeNull();
  });
});
