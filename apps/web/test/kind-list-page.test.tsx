import { ALL_NAMESPACES, INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import { act, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KindListPage, liveKey } from '../src/components/kind/KindListPage';
import { kindKeys } from '../src/lib/kind-queries';
import type { StreamState } from '../src/lib/watch';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { ns, renderAt } from './render';

const K = INFERENCE_GRAPH;
const keys = kindKeys('things');
const t = (k: string) => k;
const item = (name: string, namespace = ns) => ({
  kind: 'InferenceGraph',
  metadata: { name, namespace, creationTimestamp: '2026-12-06T06:00:00Z' },
  spec: { nodes: { root: { routerType: 'Sequence', steps: [] } } },
  status: { url: `http://${name}.example`, conditions: [{ type: 'Ready', status: 'True' }] },
});

function renderList(at: string) {
  renderAt(
    <KindListPage
      kind={K}
      keys={keys}
      section="things"
      ns={at}
      t={t}
      columns={[{ key: 'router', header: 'Router', cell: (r) => String(r.columns.rootRouter) }]}
    >
      <p>more below</p>
    </KindListPage>,
    { url: `/ns/${at}/things`, path: '/ns/:ns/things' },
  );
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => vi.unstubAllGlobals());

describe('KindListPage', () => {
  it("lists rows linked to their details, the kind's columns between status and URL, live from the stream", async () => {
    server.use(http.get(kindApiPaths.list(K, ns), () => HttpResponse.json({ items: [item('g1')], warnings: ['w1'] })));
    renderList(ns);
    const link = await screen.findByRole('link', { name: 'g1' });
    expect(link).toHaveAttribute('href', `/ns/${ns}/things/g1`);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['columns.name', 'columns.status', 'Router', 'columns.url', 'columns.age']);
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByText('Ready')).toBeInTheDocument();
    expect(within(row).getByText('Sequence')).toBeInTheDocument();
    expect(within(row).getByText('http://g1.example')).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent('w1');
    expect(screen.getByText('more below')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('live.connecting');
    const source = FakeEventSource.instances.find((s) => s.url === kindApiPaths.listWatch(K, ns));
    act(() => source?.open());
    expect(await screen.findByText('live.live')).toBeInTheDocument();
    act(() => source?.emit('change', { type: 'ADDED', object: item('g2') }));
    expect(await screen.findByRole('link', { name: 'g2' })).toBeInTheDocument();
  });

  it('adds the namespace column across all namespaces', async () => {
    server.use(
      http.get(kindApiPaths.list(K, ALL_NAMESPACES), () => HttpResponse.json({ items: [item('g1', 'other')] })),
    );
    renderList(ALL_NAMESPACES);
    const link = await screen.findByRole('link', { name: 'g1' });
    expect(link).toHaveAttribute('href', '/ns/other/things/g1');
    expect(screen.getByRole('columnheader', { name: 'columns.namespace' })).toBeInTheDocument();
    expect(within(link.closest('tr') as HTMLElement).getByText('other')).toBeInTheDocument();
  });

  it("says when there is nothing, and why a list failed, with the server's reason", async () => {
    server.use(http.get(kindApiPaths.list(K, ns), () => HttpResponse.json({ items: [] })));
    renderList(ns);
    expect(await screen.findByText('empty')).toBeInTheDocument();
    server.use(
      http.get(kindApiPaths.list(K, 'locked'), () =>
        HttpResponse.json({ status: 403, reason: 'Forbidden', message: 'no list', causes: [] }, { status: 403 }),
      ),
    );
    renderList('locked');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('listFailed');
    expect(alert).toHaveTextContent('Forbidden: no list');
  });

  it('reads every stream state as one of four words', () => {
    const states: StreamState[] = ['live', 'connecting', 'stopped', 'reconnecting', 'degraded', 'unsupported'];
    expect(states.map(liveKey)).toEqual([
      'live',
      'connecting',
      'stopped',
      'reconnecting',
      'reconnecting',
      'reconnecting',
    ]);
  });
});
