import { apiPaths, type History, historyPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { act, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HistoryTab } from '../src/features/history/components/HistoryTab';
import { IsvcListPage } from '../src/features/isvc-list';
import { keys } from '../src/lib/query-keys';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const name = fixtures.readyIsvc.metadata.name;
const managedFields = [
  {
    manager: 'kubectl-edit',
    operation: 'Update',
    time: '2026-12-06T01:00:00Z',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } },
  },
];
/** What the object's own GET answers: with managedFields. */
const full = { ...fixtures.readyIsvc, metadata: { ...fixtures.readyIsvc.metadata, managedFields } };
/** What lists and list streams carry since the BFF leaves managedFields out of them. */
const lean = (o: typeof fixtures.readyIsvc, rv: string, annotations?: Record<string, string>) => ({
  ...o,
  metadata: { ...o.metadata, resourceVersion: rv, ...(annotations ? { annotations } : {}) },
});
const history: History = {
  enabled: true,
  revisions: [],
  outside: [],
  generation: 1,
  resourceVersion: '1001',
  changedOutside: false,
};

describe('lists without managedFields beside the History tab of one of their objects', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the field owners: the list and its stream never write the object’s own query', async () => {
    server.use(
      handlers.list([lean(fixtures.readyIsvc, '1001')]),
      handlers.podCounts(),
      http.get(historyPaths.history(ns, name), () => HttpResponse.json(history)),
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(full)),
    );
    const { client } = renderAt(
      <>
        <IsvcListPage ns={ns} />
        <HistoryTab ns={ns} name={name} />
      </>,
      { url: `/ns/${ns}`, path: '/ns/:ns' },
    );
    await screen.findByRole('link', { name });
    const owners = () => within(screen.getByRole('region', { name: 'Who set each field' }));
    await waitFor(() => expect(owners().getByRole('table')).toHaveTextContent('kubectl-edit'));

    const source = FakeEventSource.instances.find((s) => s.url === apiPaths.isvcsWatch(ns));
    act(() => source?.open());
    act(() =>
      source?.emit('change', { type: 'RESYNC', items: [lean(fixtures.readyIsvc, '1001')], resourceVersion: '2001' }),
    );
    act(() =>
      source?.emit('change', {
        type: 'MODIFIED',
        object: lean(fixtures.readyIsvc, '1002', { 'serving.kserve.io/stop': 'true' }),
      }),
    );
    await waitFor(() => expect(screen.getByRole('link', { name }).closest('tr')).toHaveTextContent('Stopped'));

    // the list has the lean object; the object's own entry (History, the YAML tab) still has its owners
    const listed = client.getQueryData<{ items: Array<{ metadata: Record<string, unknown> }> }>(keys.isvcList(ns));
    expect(listed?.items[0]?.metadata.resourceVersion).toBe('1002');
    expect(listed?.items[0]?.metadata.managedFields).toBeUndefined();
    const own = client.getQueryData<{ metadata: Record<string, unknown> }>(keys.isvc(ns, name));
    expect(own?.metadata.managedFields).toEqual(managedFields);
    expect(owners().getByRole('table')).toHaveTextContent('kubectl-edit');
    expect(owners().getByRole('table')).toHaveTextContent('metadata.labels.team');
  });
});
