import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { act, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
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

describe('first load: the list and its stream together', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('opens the stream before the list answers, shows its RESYNC, and keeps it over the slower list', async () => {
    let answerList: () => void = () => undefined;
    const listAnswered = new Promise<void>((r) => {
      answerList = r;
    });
    server.use(
      // the list answers late, and with an older state (the broken one is still there)
      http.get(apiPaths.isvcs(ns), async () => {
        await listAnswered;
        return HttpResponse.json({ items: [fixtures.readyIsvc, fixtures.failedIsvc], warnings: [] });
      }),
      handlers.podCounts(),
    );
    renderAt(<IsvcListPage ns={ns} />, { url: `/ns/${ns}`, path: '/ns/:ns' });
    await waitFor(() => expect(FakeEventSource.instances.at(-1)?.url).toBe(apiPaths.isvcsWatch(ns)));
    const source = FakeEventSource.instances.at(-1);
    act(() => source?.open());
    act(() => source?.emit('change', { type: 'RESYNC', items: [fixtures.readyIsvc], resourceVersion: '2001' }));
    expect(await screen.findByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
    expect(screen.getByText('1 InferenceService')).toBeInTheDocument();

    let listServed = false;
    server.events.on('response:mocked', ({ request }) => {
      if (new URL(request.url).pathname === apiPaths.isvcs(ns)) listServed = true;
    });
    answerList();
    await waitFor(() => expect(listServed).toBe(true));
    // the late answer has every chance to land
    await act(() => new Promise((r) => setTimeout(r, 100)));
    expect(screen.queryByRole('link', { name: 'xgboost-broken' })).not.toBeInTheDocument();
    expect(screen.getByText('1 InferenceService')).toBeInTheDocument();
  });

  it('uses the list when it answers first, and the RESYNC after it replaces it', async () => {
    server.use(handlers.list([fixtures.readyIsvc, fixtures.failedIsvc]), handlers.podCounts());
    renderAt(<IsvcListPage ns={ns} />, { url: `/ns/${ns}`, path: '/ns/:ns' });
    expect(await screen.findByRole('link', { name: 'xgboost-broken' })).toBeInTheDocument();
    const source = FakeEventSource.instances.at(-1);
    act(() => source?.open());
    act(() => source?.emit('change', { type: 'RESYNC', items: [fixtures.readyIsvc], resourceVersion: '2001' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'xgboost-broken' })).not.toBeInTheDocument());
  });
});
