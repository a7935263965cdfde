import { apiPaths, type HistoryRecord } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { IsvcYamlEditor } from '../src/features/yaml-editor';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const name = 'sklearn-iris';
const live = fixtures.readyIsvc;

/** Edit, review (dry run) and apply; the real write answers with `history`. */
async function applyWith(history: HistoryRecord) {
  server.use(
    http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
    handlers.schema(),
    http.put(apiPaths.isvc(ns, name), ({ request }) =>
      new URL(request.url).searchParams.get('dryRun') === 'All'
        ? HttpResponse.json({ object: live, warnings: [] })
        : HttpResponse.json({ object: live, warnings: [], history }),
    ),
  );
  const user = userEvent.setup();
  renderAt(<IsvcYamlEditor ns={ns} name={name} />, {
    url: `/ns/${ns}/isvc/${name}/yaml`,
    path: '/ns/:ns/isvc/:name/:tab',
  });
  const ta = (await screen.findByRole('textbox', { name: `YAML of InferenceService ${name}` })) as HTMLTextAreaElement;
  fireEvent.change(ta, { target: { value: ta.value.replace(/minReplicas: 1/, 'minReplicas: 2') } });
  await user.click(screen.getByRole('button', { name: 'Review and apply' }));
  const review = await screen.findByRole('region', { name: /^Review/ });
  await user.click(within(review).getByRole('button', { name: 'Apply' }));
  return screen.findByText(/^Applied\./);
}

describe('the editor says what the history made of an apply (known issue 14)', () => {
  it('names the revision and links to the History tab', async () => {
    const notice = await applyWith({ recorded: true, revision: 3 });
    expect(notice).toHaveTextContent('Applied. Recorded as revision 3 of the history.');
    const link = within(notice).getByRole('link', { name: 'Open the History tab' });
    expect(link.getAttribute('href')).toBe(`/ns/${ns}/isvc/${name}/history`);
  });

  it('says that history is off for the namespace, and why', async () => {
    const notice = await applyWith({
      recorded: false,
      reason: 'Forbidden',
      message: 'configmaps is forbidden: User "alice" cannot create resource "configmaps"',
    });
    expect(notice).toHaveTextContent(`History is off in namespace ${ns}, so this change is not recorded`);
    expect(notice).toHaveTextContent('cannot create resource "configmaps"');
    expect(within(notice).queryByRole('link')).toBeNull();
  });

  it('says when the spec did not change', async () => {
    const notice = await applyWith({ recorded: false, reason: 'Unchanged', message: "The spec is revision 2's" });
    expect(notice).toHaveTextContent('The spec did not change: no new revision in the history.');
  });
});
