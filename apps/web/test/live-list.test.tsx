import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IsvcListPage } from '../src/features/isvc-list';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

describe('live list', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('folds watch events into the list without refetching', async () => {
    server.use(handlers.list([fixtures.readyIsvc]), handlers.podCounts());
    renderAt(<IsvcListPage ns={ns} />, { url: `/ns/${ns}`, path: '/ns/:ns' });
    await screen.findByRole('link', { name: 'sklearn-iris' });
    const source = FakeEventSource.instances.at(-1);
    expect(source?.url).toBe(apiPaths.isvcsWatch(ns));
    act(() => source?.open());
    expect(screen.getByText('Live')).toBeInTheDocument();

    act(() => source?.emit('change', { type: 'ADDED', object: fixtures.failedIsvc }));
    const row = (await screen.findByRole('link', { name: 'xgboost-broken' })).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Failed');

    const stopped = {
      ...fixtures.readyIsvc,
      metadata: { ...fixtures.readyIsvc.metadata, annotations: { 'serving.kserve.io/stop': 'true' } },
    };
    act(() => source?.emit('change', { type: 'MODIFIED', object: stopped }));
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'sklearn-iris' }).closest('tr')).toHaveTextContent('Stopped'),
    );

    act(() => source?.emit('change', { type: 'DELETED', object: fixtures.failedIsvc }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'xgboost-broken' })).not.toBeInTheDocument());
    expect(screen.getByText('1 InferenceService')).toBeInTheDocument();
  });
});
