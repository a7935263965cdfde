import { apiPaths } from '@servedeck/shared';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { SessionGate, signIn } from '../src/features/session';
import { server } from './msw';
import { me, renderAt } from './render';

const issuerDown = {
  status: 503,
  reason: 'IssuerUnavailable',
  message: 'The identity provider (https://127.0.0.1:5556/dex) is not reachable, so you cannot sign in right now.',
  causes: [],
};

describe('session errors', () => {
  it('says sign-in is unavailable when the identity provider is down, and retries into the app once it is back', async () => {
    const go = vi.spyOn(signIn, 'go').mockImplementation(() => undefined);
    let down = true;
    server.use(
      http.get(apiPaths.me(), () => (down ? HttpResponse.json(issuerDown, { status: 503 }) : HttpResponse.json(me))),
    );
    renderAt(
      <SessionGate>
        <p>app</p>
      </SessionGate>,
      { url: '/', path: '/' },
    );
    expect(await screen.findByText('Sign-in is unavailable', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The identity provider (https://127.0.0.1:5556/dex) is not reachable',
    );
    expect(screen.queryByText('app')).not.toBeInTheDocument();
    expect(go).not.toHaveBeenCalled();
    down = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByText('app')).toBeInTheDocument());
    go.mockRestore();
  });
});
