import { ALL_NAMESPACES, apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { act, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IsvcListPage } from '../src/features/isvc-list';
import { keys } from '../src/lib/query-keys';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const clusterDown = {
  status: 503,
  reason: 'ClusterUnavailable',
  message: 'The cluster is unavailable: etcd is not answering. ServeDeck shows live data again as soon as it is back.',
  causes: [],
};

const liveStatus = () => screen.getByRole('status', { name: 'Live updates' });

async function openList(namespace: string) {
  const utils = renderAt(<IsvcListPage ns={namespace} />, { url: `/ns/${namespace}`, path: '/ns/:ns' });
  await screen.findByRole('link', { name: 'sklearn-iris' });
  const source = FakeEventSource.instances.at(-1) as FakeEventSource;
  act(() => source.open());
  expect(liveStatus()).toHaveTextContent(/^Live$/);
  return { ...utils, source };
}

describe('list page: stream problems and failed refetches', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a non-final stream error keeps the rows, shows the problem, and goes back to Live on the next RESYNC', async () => {
    server.use(handlers.list([fixtures.readyIsvc, fixtures.failedIsvc]), handlers.podCounts());
    const { source } = await openList(ns);

    act(() => source.emit('error', clusterDown));
    expect(liveStatus()).toHaveTextContent('Cluster unavailable');
    expect(liveStatus()).toHaveTextContent('ServeDeck shows live data again as soon as it is back.');
    expect(liveStatus()).not.toHaveTextContent(/^Live$/);
    expect(liveStatus()).toHaveAttribute('aria-live', 'polite');
    expect(source.readyState).not.toBe(FakeEventSource.CLOSED);
    expect(screen.getByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'xgboost-broken' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // etcd is back: the BFF relists; xgboost-broken was deleted meanwhile
    act(() =>
      source.emit('change', {
        type: 'RESYNC',
        resource: 'inferenceservices',
        items: [fixtures.readyIsvc],
        resourceVersion: '3000',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('link', { name: 'xgboost-broken' })).not.toBeInTheDocument());
    expect(liveStatus()).toHaveTextContent(/^Live$/);
    expect(screen.getByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
  });

  it('a 5xx error followed by the stream closing keeps reconnecting with the problem shown', async () => {
    server.use(handlers.list([fixtures.readyIsvc]), handlers.podCounts());
    const { source } = await openList(ns);
    act(() => source.emit('error', { ...clusterDown, reason: 'IssuerUnavailable', message: 'Dex is down' }));
    expect(liveStatus()).toHaveTextContent('Sign-in service unavailable');
    act(() => source.drop());
    expect(liveStatus()).toHaveTextContent('Reconnecting…');
    expect(liveStatus()).toHaveTextContent('Dex is down');
    expect(source.readyState).not.toBe(FakeEventSource.CLOSED);
    act(() => source.open());
    act(() =>
      source.emit('change', {
        type: 'RESYNC',
        resource: 'inferenceservices',
        items: [fixtures.readyIsvc],
        resourceVersion: '3001',
      }),
    );
    expect(liveStatus()).toHaveTextContent(/^Live$/);
  });

  it('an error the server ends the stream with (4xx, then close) stops updates and keeps the rows', async () => {
    server.use(handlers.list([fixtures.readyIsvc]), handlers.podCounts());
    const { source } = await openList(ns);
    const gone = { status: 404, reason: 'NotFound', message: 'namespaces "team-a" not found', causes: [] };
    act(() => source.emit('error', gone));
    expect(source.readyState).not.toBe(FakeEventSource.CLOSED);
    act(() => source.drop());
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    expect(liveStatus()).toHaveTextContent('Updates stopped');
    expect(liveStatus()).toHaveTextContent('namespaces "team-a" not found');
    expect(screen.getByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
  });

  it('on an all-namespaces stream, a 403 for one namespace is a warning naming it and the list stays live', async () => {
    server.use(handlers.list([fixtures.readyIsvc], ALL_NAMESPACES), handlers.podCounts(ALL_NAMESPACES));
    const { source } = await openList(ALL_NAMESPACES);
    expect(source.url).toBe(apiPaths.isvcsWatch(ALL_NAMESPACES));
    const refused = {
      status: 403,
      reason: 'Forbidden',
      message:
        'inferenceservices.serving.kserve.io is forbidden: User "dev@example.com" cannot watch resource "inferenceservices" in API group "serving.kserve.io" in the namespace "team-b"',
      causes: [],
    };
    act(() => source.emit('error', refused));
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('No live updates from namespace team-b');
    expect(liveStatus()).toHaveTextContent(/^Live$/);
    // a later drop is a reconnect, not the end: the warning was no final error
    act(() => source.drop());
    expect(source.readyState).not.toBe(FakeEventSource.CLOSED);
    act(() => source.open());
    act(() => source.emit('change', { type: 'ADDED', object: fixtures.failedIsvc }));
    expect(await screen.findByRole('link', { name: 'xgboost-broken' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
  });

  it('a failed background refetch keeps the table and shows the error as a banner', async () => {
    server.use(handlers.list([fixtures.readyIsvc]), handlers.podCounts());
    const { client } = await openList(ns);
    server.use(
      http.get(apiPaths.isvcs(ns), () => HttpResponse.json({ ...clusterDown, message: 'etcd down' }, { status: 503 })),
    );
    await act(() => client.refetchQueries({ queryKey: keys.isvcList(ns) }));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('etcd down');
    expect(within(banner).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
    expect(screen.getByRole('table')).toBeInTheDocument();

    server.use(handlers.list([fixtures.readyIsvc, fixtures.failedIsvc]));
    act(() => within(banner).getByRole('button', { name: 'Retry' }).click());
    expect(await screen.findByRole('link', { name: 'xgboost-broken' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('a first load that fails shows the full error state (no table)', async () => {
    server.use(
      http.get(apiPaths.isvcs(ns), () => HttpResponse.json({ ...clusterDown, message: 'etcd down' }, { status: 503 })),
      handlers.podCounts(),
    );
    renderAt(<IsvcListPage ns={ns} />, { url: `/ns/${ns}`, path: '/ns/:ns' });
    expect(await screen.findByText(/etcd down/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
