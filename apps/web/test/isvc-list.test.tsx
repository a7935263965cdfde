import { ALL_NAMESPACES, apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { IsvcListPage } from '../src/features/isvc-list';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

function renderList(namespace = ns) {
  return renderAt(<IsvcListPage ns={namespace} />, { url: `/ns/${namespace}`, path: '/ns/:ns' });
}

const rowNames = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).queryByRole('link')?.textContent)
    .filter(Boolean);

describe('InferenceService list', () => {
  it('renders one row per InferenceService with derived status, format, protocol and mode', async () => {
    server.use(handlers.list(), handlers.podCounts());
    renderList();
    expect(await screen.findByRole('link', { name: 'sklearn-iris' })).toBeInTheDocument();
    expect(rowNames()).toEqual(['sklearn-iris', 'sklearn-irisv2', 'torchserve-mnist', 'triton-onnx', 'xgboost-broken']);
    const crash = screen.getByRole('link', { name: 'sklearn-irisv2' }).closest('tr') as HTMLElement;
    expect(within(crash).getByText('Not ready')).toBeInTheDocument();
    expect(within(crash).getByText('MinimumReplicasUnavailable')).toBeInTheDocument();
    expect(within(crash).getByText('v2')).toBeInTheDocument();
    expect(within(crash).getByText('RawDeployment')).toBeInTheDocument();
    const failed = screen.getByRole('link', { name: 'xgboost-broken' }).closest('tr') as HTMLElement;
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('5 InferenceServices')).toBeInTheDocument();
  });

  it('filters by text, status and label, and sorts by status', async () => {
    server.use(handlers.list(), handlers.podCounts());
    const user = userEvent.setup();
    renderList();
    await screen.findByRole('link', { name: 'sklearn-iris' });
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'sklearn');
    expect(rowNames()).toEqual(['sklearn-iris', 'sklearn-irisv2']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Ready');
    expect(rowNames()).toEqual(['sklearn-iris']);
    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), '');
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'tier=experimental');
    expect(rowNames()).toEqual(['sklearn-irisv2']);
    await user.clear(screen.getByRole('textbox', { name: 'Label' }));
    await user.click(screen.getByRole('button', { name: /^Status/ }));
    expect(rowNames()[0]).toBe('xgboost-broken');
    expect(screen.getByRole('columnheader', { name: /^Status/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('keeps every keystroke of fast typing in the search (the URL follows a render behind)', async () => {
    server.use(handlers.list(), handlers.podCounts());
    renderList();
    await screen.findByRole('link', { name: 'sklearn-iris' });
    const search = screen.getByRole('searchbox', { name: 'Search' });
    // Four keystrokes as a browser delivers them, outside act(): the router writes the URL in a transition, so it
    // has not taken the first when the next arrives.
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    for (const text of ['i', 'ir', 'iri', 'iris']) {
      setValue?.call(search, text);
      search.dispatchEvent(new Event('input', { bubbles: true }));
    }
    expect(search).toHaveValue('iris');
    await waitFor(() => expect(rowNames()).toEqual(['sklearn-iris', 'sklearn-irisv2']));
    expect(search).toHaveValue('iris');
  });

  it('shows ready/desired pods when the counts endpoint answers', async () => {
    server.use(
      handlers.list([fixtures.readyIsvc]),
      http.get(apiPaths.isvcPodCounts(ns), () =>
        HttpResponse.json({ items: [{ namespace: ns, name: 'sklearn-iris', ready: 1, total: 1 }] }),
      ),
    );
    renderList();
    const row = (await screen.findByRole('link', { name: 'sklearn-iris' })).closest('tr') as HTMLElement;
    expect(await within(row).findByText('1/1')).toBeInTheDocument();
  });

  it('says what to do on 403', async () => {
    server.use(
      handlers.podCounts(),
      http.get(apiPaths.isvcs(ns), () =>
        HttpResponse.json(
          {
            status: 403,
            reason: 'Forbidden',
            message: 'inferenceservices.serving.kserve.io is forbidden: User "user@example.com" cannot list resource',
            causes: [],
          },
          { status: 403 },
        ),
      ),
    );
    renderList();
    expect(await screen.findByRole('alert')).toHaveTextContent(`You cannot list InferenceServices in ${ns}`);
    expect(screen.getByRole('alert')).toHaveTextContent('Ask a namespace admin for access, or pick another namespace.');
  });

  it('has an empty state that offers to create, and shows the namespace column for all namespaces', async () => {
    server.use(handlers.list([]), handlers.podCounts());
    renderList();
    expect(await screen.findByText(`No InferenceServices in ${ns} yet.`)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create one from a template' })).toHaveAttribute(
      'href',
      `/ns/${ns}/create`,
    );
    server.use(handlers.list(fixtures.fixtureIsvcs, ALL_NAMESPACES), handlers.podCounts(ALL_NAMESPACES));
  });

  it('renders a window of rows for thousands of InferenceServices', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...fixtures.readyIsvc,
      metadata: { ...fixtures.readyIsvc.metadata, name: `model-${String(i).padStart(4, '0')}`, uid: `u${i}` },
    }));
    server.use(handlers.list(many), handlers.podCounts());
    renderList();
    // Summarising 5,000 objects in jsdom on a loaded 2-core machine can take seconds.
    await screen.findByRole('link', { name: 'model-0000' }, { timeout: 20_000 });
    expect(screen.getByText('5,000 InferenceServices')).toBeInTheDocument();
    expect(screen.getAllByRole('row').length).toBeLessThan(80);
  });
});
