import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConsolePage } from '../src/features/console';
import { openIsvcEditor } from './editor-helpers';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

describe('keyboard', () => {
  it('Ctrl+Enter in the payload sends the request', async () => {
    let sent = 0;
    server.use(
      handlers.me(),
      handlers.list([fixtures.readyIsvc]),
      http.post(apiPaths.isvcInfer(ns, 'sklearn-iris', '/v1/models/sklearn-iris:predict'), () => {
        sent++;
        return HttpResponse.json({ predictions: [1] });
      }),
    );
    const user = userEvent.setup();
    renderAt(<ConsolePage ns={ns} selected="sklearn-iris" onSelect={() => undefined} />, {
      url: `/ns/${ns}/console`,
      path: '/ns/:ns/console',
    });
    const payload = await screen.findByRole('textbox', { name: 'Payload (JSON)' });
    await waitFor(() => expect((payload as HTMLTextAreaElement).value).toContain('instances'));
    await user.click(payload);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('region', { name: 'Response' });
    expect(sent).toBe(1);
  });

  it('Ctrl+S in the editor dry-runs and shows the diff; Ctrl+S again applies', async () => {
    const live = fixtures.readyIsvc;
    const puts: (string | null)[] = [];
    server.use(
      http.get(apiPaths.isvc(ns, 'sklearn-iris'), () => HttpResponse.json(live)),
      handlers.schema(),
      http.put(apiPaths.isvc(ns, 'sklearn-iris'), ({ request }) => {
        puts.push(new URL(request.url).searchParams.get('dryRun'));
        return HttpResponse.json({ object: live, warnings: [] });
      }),
    );
    const user = userEvent.setup();
    const ta = await openIsvcEditor('sklearn-iris');
    fireEvent.change(ta, { target: { value: ta.value.replace('spec:\n', 'spec:\n  # mine\n') } });
    await user.keyboard('{Control>}s{/Control}');
    await screen.findByRole('region', { name: /^Review/ });
    expect(puts).toEqual(['All']);
    await user.keyboard('{Meta>}s{/Meta}');
    await screen.findByText(/^Applied\./);
    expect(puts).toEqual(['All', null]);
  });
});
