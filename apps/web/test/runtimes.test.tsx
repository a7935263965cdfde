import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { RuntimesPage } from '../src/features/runtimes';
import { server } from './msw';
import { ns, renderAt } from './render';

const HEADERS = ['Name', 'Model formats (version, priority)', 'Protocols', 'Image', 'State'];

const nsRuntime = (name: string, namespace: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'ServingRuntime',
  metadata: { name, namespace },
  spec: {
    supportedModelFormats: [{ name: 'custom', version: '2' }],
    protocolVersions: [],
    containers: [{ name: 'kserve-container', image: `example.com/${name}:1` }],
    ...spec,
  },
});

function serve(
  nsItems: unknown[],
  clusterItems: unknown[] = [fixtures.sklearnRuntime, fixtures.mlserverRuntime],
  at = ns,
) {
  server.use(
    http.get(apiPaths.servingRuntimes(at), () => HttpResponse.json({ items: nsItems })),
    http.get(apiPaths.clusterServingRuntimes(), () => HttpResponse.json({ items: clusterItems })),
  );
}

function renderRuntimes(at = ns) {
  return renderAt(<RuntimesPage ns={at} />, { url: `/ns/${at}/runtimes`, path: '/ns/:ns/runtimes' });
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table).getByText(name).closest('tr') as HTMLElement;
}

describe('Serving runtimes page', () => {
  it('lists ClusterServingRuntimes in a named table, sorted by name, with formats, protocols, image and state', async () => {
    serve([]);
    renderRuntimes();
    expect(screen.getByRole('heading', { level: 1, name: 'Serving runtimes' })).toBeInTheDocument();
    const region = screen.getByRole('region', { name: 'ClusterServingRuntimes' });
    const table = await within(region).findByRole('table', { name: 'ClusterServingRuntimes' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(HEADERS);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['kserve-mlserver', 'kserve-sklearnserver']);

    const sk = rowOf(table, 'kserve-sklearnserver');
    expect(within(sk).getByRole('listitem')).toHaveTextContent('sklearn:1 · auto-select, priority 1');
    expect(within(sk).getByRole('cell', { name: 'v1, v2' })).toBeInTheDocument();
    const image = within(sk).getByRole('cell', { name: 'kserve/sklearnserver:latest' });
    expect(image).toHaveAttribute('title', 'kserve/sklearnserver:latest');
    expect(image).toHaveClass('mono', 'truncate');
    expect(within(sk).getByRole('cell', { name: 'enabled' })).toBeInTheDocument();
    expect(within(rowOf(table, 'kserve-mlserver')).getAllByRole('listitem')).toHaveLength(3);

    expect(
      within(screen.getByRole('region', { name: 'ServingRuntimes' })).getByText('No ServingRuntimes.'),
    ).toBeVisible();
  });

  it('shows explicit-only formats, no protocols, and disabled or multi-model state', async () => {
    serve([
      nsRuntime('off', ns, { disabled: true }),
      nsRuntime('many', ns, { multiModel: true, protocolVersions: ['v2', 'grpc-v2'] }),
    ]);
    renderRuntimes();
    const table = await screen.findByRole('table', { name: 'ServingRuntimes' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(HEADERS);
    const off = rowOf(table, 'off');
    expect(within(off).getByRole('listitem')).toHaveTextContent('custom:2 · explicit only');
    expect(within(off).getByRole('cell', { name: '—' })).toBeInTheDocument();
    expect(within(off).getByRole('cell', { name: 'disabled' })).toBeInTheDocument();
    const many = rowOf(table, 'many');
    expect(within(many).getByRole('cell', { name: 'v2, grpc-v2' })).toBeInTheDocument();
    expect(within(many).getByRole('cell', { name: 'multi-model' })).toBeInTheDocument();
  });

  it('adds a Namespace column when listing all namespaces; runtimes with one name in two namespaces are two rows', async () => {
    serve([nsRuntime('same', 'team-a'), nsRuntime('same', 'team-b')], [], '_all');
    renderRuntimes('_all');
    const table = await screen.findByRole('table', { name: 'ServingRuntimes' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Namespace', ...HEADERS.slice(1)]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(['team-a', 'team-b']);
    expect(await screen.findByText('No ClusterServingRuntimes.')).toBeInTheDocument();
  });

  it('shows names and model formats carrying HTML as text', async () => {
    const img = '<img src=x onerror=alert(1)>';
    serve([nsRuntime(img, ns, { supportedModelFormats: [{ name: `<svg onload=alert(1)>`, autoSelect: true }] })], []);
    const { container } = renderRuntimes();
    const table = await screen.findByRole('table', { name: 'ServingRuntimes' });
    expect(within(table).getByRole('cell', { name: img })).toBeInTheDocument();
    expect(within(table).getByRole('listitem')).toHaveTextContent('<svg onload=alert(1)> · auto-select');
    expect(container.querySelector('img, table svg')).toBeNull();
  });

  it('says when a list cannot be read, and still shows the other', async () => {
    server.use(
      http.get(apiPaths.servingRuntimes(ns), () =>
        HttpResponse.json(
          { status: 403, reason: 'Forbidden', message: 'servingruntimes is forbidden', causes: [] },
          { status: 403 },
        ),
      ),
      http.get(apiPaths.clusterServingRuntimes(), () => HttpResponse.json({ items: [fixtures.sklearnRuntime] })),
    );
    renderRuntimes();
    const region = screen.getByRole('region', { name: 'ServingRuntimes' });
    expect(await within(region).findByRole('alert')).toBeInTheDocument();
    expect(within(region).queryByRole('table')).toBeNull();
    const table = await screen.findByRole('table', { name: 'ClusterServingRuntimes' });
    expect(within(table).getByText('kserve-sklearnserver')).toBeInTheDocument();
  });
});
