import { apiPaths, type History, historyPaths, type RestoreResult } from '@servedeck/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HistoryTab } from '../src/features/history/components/HistoryTab';
import { createQueryClient } from '../src/lib/query-client';
import { server } from './msw';

const spec = (minReplicas: number) => ({ predictor: { minReplicas, model: { modelFormat: { name: 'sklearn' } } } });
const rev = (revision: number, over: Partial<History['revisions'][number]> = {}) => ({
  revision,
  operation: revision === 1 ? ('create' as const) : ('update' as const),
  author: revision === 2 ? 'alice@example.com' : 'user@example.com',
  time: `2026-12-06T04:0${revision}:00Z`,
  resourceVersion: String(100 + revision),
  generation: revision,
  spec: spec(revision),
  ...over,
});
const history = (over: Partial<History> = {}): History => ({
  enabled: true,
  revisions: [rev(1), rev(2), rev(3)],
  outside: [],
  generation: 3,
  resourceVersion: '103',
  changedOutside: false,
  ...over,
});

function renderTab(h: History) {
  server.use(
    http.get(historyPaths.history('ns', 'iris'), () => HttpResponse.json(h)),
    http.get(apiPaths.isvc('ns', 'iris'), () =>
      HttpResponse.json({ metadata: { name: 'iris', resourceVersion: h.resourceVersion }, spec: spec(3) }),
    ),
  );
  const client = createQueryClient({ retryDelayMs: 0 });
  return render(
    <QueryClientProvider client={client}>
      <HistoryTab ns="ns" name="iris" />
    </QueryClientProvider>,
  );
}

describe('History tab', () => {
  it('lists revisions newest first with author, change and time (absolute on hover), and changes outside ServeDeck', async () => {
    renderTab(
      history({
        revisions: [rev(1), rev(2), rev(3), rev(4, { operation: 'restore', restoredFrom: 1, spec: spec(1) })],
        outside: [
          {
            manager: 'kubectl-patch',
            operation: 'Update',
            time: '2026-12-06T04:30:00Z',
            fields: ['spec.predictor.timeout'],
          },
        ],
        generation: 5,
        changedOutside: true,
      }),
    );
    const rows = within(await screen.findByRole('table', { name: 'Spec history' })).getAllByRole('row');
    const cells = rows.slice(1).map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    expect(cells.map((c) => c.slice(0, 3))).toEqual([
      ['4', 'Restored revision 1', 'user@example.com'],
      ['3', 'Updated', 'user@example.com'],
      ['2', 'Updated', 'alice@example.com'],
      ['1', 'Created', 'user@example.com'],
    ]);
    const time = rows[4]?.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2026-12-06T04:01:00Z');
    expect(time?.getAttribute('title')).toMatch(/2026/);
    expect(screen.getByText('kubectl-patch')).toBeInTheDocument();
    expect(screen.getByText('spec.predictor.timeout')).toBeInTheDocument();
    expect(screen.getByText(/changed after the newest revision, outside ServeDeck/)).toBeInTheDocument();
    // the diff of two revisions: 3 (previous) against the live object by default, any two by choice
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2' } });
    expect(screen.getByText('Revision 1', { selector: 'figcaption' })).toBeInTheDocument();
    expect(screen.getByText(/minReplicas: 2/, { selector: 'pre' })).toBeInTheDocument();
  });

  it('restores: a dry run with the resourceVersion seen, the diff to confirm, then the write', async () => {
    const calls: Array<{ dryRun: string | null; body: unknown }> = [];
    server.use(
      http.post(historyPaths.restore('ns', 'iris', 1), async ({ request }) => {
        const dryRun = new URL(request.url).searchParams.get('dryRun');
        calls.push({ dryRun, body: await request.json() });
        const result: RestoreResult = {
          object: { metadata: { name: 'iris' }, spec: spec(1) },
          warnings: [],
          dryRun: dryRun === 'true',
          before: spec(3),
          ...(dryRun === 'true' ? {} : { history: { recorded: true as const, revision: 4 } }),
        };
        return HttpResponse.json(result);
      }),
    );
    renderTab(history());
    fireEvent.click(await screen.findByRole('button', { name: 'Restore revision 1' }));
    expect(await screen.findByRole('heading', { name: 'Restore revision 1?' })).toBeInTheDocument();
    expect(calls).toEqual([{ dryRun: 'true', body: { resourceVersion: '103' } }]);
    const review = screen.getByRole('region', { name: 'Restore revision 1?' });
    expect(within(review).getByText(/minReplicas: 3/, { selector: 'pre' })).toBeInTheDocument();
    expect(within(review).getByText(/minReplicas: 1/, { selector: 'pre' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('Restored revision 1 (recorded as revision 4).')).toBeInTheDocument();
    expect(calls[1]).toEqual({ dryRun: 'false', body: { resourceVersion: '103' } });
  });

  it('shows a conflict with the live object when the object changed after the dry run', async () => {
    server.use(
      http.post(historyPaths.restore('ns', 'iris', 2), ({ request }) => {
        if (new URL(request.url).searchParams.get('dryRun') === 'true') {
          return HttpResponse.json({ object: { spec: spec(2) }, warnings: [], dryRun: true, before: spec(3) });
        }
        return HttpResponse.json(
          {
            status: 409,
            reason: 'Conflict',
            message: 'the object has been modified',
            causes: [],
            live: { metadata: { name: 'iris' }, spec: spec(7) },
          },
          { status: 409 },
        );
      }),
    );
    renderTab(history());
    fireEvent.click(await screen.findByRole('button', { name: 'Restore revision 2' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Restore' }));
    expect(
      await screen.findByRole('heading', { name: 'The InferenceService changed since you looked' }),
    ).toBeInTheDocument();
    const conflict = screen.getByRole('region', { name: 'The InferenceService changed since you looked' });
    expect(within(conflict).getByText(/minReplicas: 7/, { selector: 'pre' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check again against the latest' })).toBeInTheDocument();
  });

  it('shows the conflict, and checks again against the latest, when the dry run itself meets a newer object', async () => {
    const seen: unknown[] = [];
    let calls = 0;
    server.use(
      http.post(historyPaths.restore('ns', 'iris', 1), async ({ request }) => {
        seen.push(await request.json());
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json(
            { status: 409, reason: 'Conflict', message: 'modified', causes: [], live: { spec: spec(9) } },
            { status: 409 },
          );
        }
        return HttpResponse.json({ object: { spec: spec(1) }, warnings: [], dryRun: true, before: spec(9) });
      }),
    );
    renderTab(history());
    fireEvent.click(await screen.findByRole('button', { name: 'Restore revision 1' }));
    const conflict = await screen.findByRole('region', { name: 'The InferenceService changed since you looked' });
    expect(within(conflict).getByText(/minReplicas: 9/, { selector: 'pre' })).toBeInTheDocument();
    expect(within(conflict).getByText(/minReplicas: 1/, { selector: 'pre' })).toBeInTheDocument();
    fireEvent.click(within(conflict).getByRole('button', { name: 'Check again against the latest' }));
    expect(await screen.findByRole('region', { name: 'Restore revision 1?' })).toBeInTheDocument();
    expect(seen).toHaveLength(2);
  });

  it('says that history is off, and why, where the user may not use ConfigMaps', async () => {
    renderTab(
      history({
        enabled: false,
        disabledReason: 'Forbidden',
        disabledMessage: 'History is off in namespace ns: you may not read ConfigMaps here (forbidden)',
        revisions: [],
      }),
    );
    expect(await screen.findByText('History is off in this namespace')).toBeInTheDocument();
    expect(screen.getByText(/you may not read ConfigMaps here/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Restore/ })).not.toBeInTheDocument();
  });
});
