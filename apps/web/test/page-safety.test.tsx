import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { KeyboardShortcuts } from '../src/components/KeyboardShortcuts';
import { PageErrorBoundary } from '../src/components/PageErrorBoundary';
import { draftKey, saveDraft } from '../src/lib/drafts';
import { openIsvcEditor } from './editor-helpers';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

let failing = true;
function Fragile() {
  if (failing) throw new TypeError("Cannot read properties of undefined (reading 'spec')");
  return <p>page is back</p>;
}

describe('a page that fails', () => {
  it('shows what failed without a stack trace, keeps the draft on offer, and retries', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    saveDraft(draftKey('create', ns), 'metadata:\n  name: mine\n');
    const user = userEvent.setup();
    renderAt(
      <PageErrorBoundary resetKey="x">
        <Fragile />
      </PageErrorBoundary>,
      { url: `/ns/${ns}/create`, path: '/ns/:ns/create' },
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page ran into a problem');
    expect(alert).toHaveTextContent("Cannot read properties of undefined (reading 'spec')");
    expect(alert).toHaveTextContent('Your unsaved text is kept in this tab');
    expect(alert.textContent).not.toMatch(/\bat \w+ \(|TypeError:|\.tsx?:\d+/);
    expect(within(alert).getByRole('button', { name: 'Copy your unsaved text' })).toBeInTheDocument();
    failing = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('page is back')).toBeInTheDocument();
    quiet.mockRestore();
  });
});

function WithSearch() {
  const [q, setQ] = useState('');
  return (
    <main>
      {/* biome-ignore lint/a11y/useSemanticElements: as the list page's filter form (the search element is not supported everywhere yet) */}
      <form role="search">
        <input type="search" aria-label="Search" value={q} onChange={(e) => setQ(e.target.value)} />
      </form>
      <textarea aria-label="Notes" />
      <KeyboardShortcuts />
    </main>
  );
}

describe('keyboard shortcuts', () => {
  it('/ focuses the search, but not while typing; ? lists the shortcuts', async () => {
    const user = userEvent.setup();
    renderAt(<WithSearch />, { url: `/ns/${ns}`, path: '/ns/:ns' });
    const notes = await screen.findByRole('textbox', { name: 'Notes' });
    await user.click(notes);
    await user.keyboard('/');
    expect(notes).toHaveValue('/');
    await user.click(document.body);
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveFocus();
    await user.click(document.body);
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Send the request (test console)');
    expect(dialog).toHaveTextContent('Validate, then apply (YAML editor)');
  });
});

describe('quick fix from the problems list', () => {
  it('one click replaces ProtocolVersion with protocolVersion and the problem goes', async () => {
    server.use(
      http.get(apiPaths.isvc(ns, 'sklearn-iris'), () => HttpResponse.json(fixtures.readyIsvc)),
      handlers.schema(),
    );
    const user = userEvent.setup();
    const ta = await openIsvcEditor('sklearn-iris');
    fireEvent.change(ta, { target: { value: fixtures.seedTypoYaml } });
    await user.click(await screen.findByRole('button', { name: 'Change to protocolVersion' }));
    expect(ta.value).toBe(fixtures.seedTypoYaml.replace('ProtocolVersion', 'protocolVersion'));
    expect(screen.queryByRole('region', { name: /problem/ })).not.toBeInTheDocument();
  });
});
