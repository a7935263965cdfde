import { apiPaths } from '@servedeck/shared';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { SessionGate, signIn } from '../src/features/session';
import { i18n } from '../src/i18n';
import { describeError } from '../src/i18n/errors';
import { HttpError, onUnauthenticated, requestJson } from '../src/lib/http';
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

describe('a 401 the cluster gave, not the BFF', () => {
  const refused = { status: 401, reason: 'Unauthorized', message: 'Unauthorized', causes: [] };
  const bffOwn = { status: 401, reason: 'Unauthenticated', message: 'Log in to continue', causes: [] };

  it('is an error of that call, with a retry, and does not end the session', async () => {
    let refuse = true;
    server.use(
      http.get(apiPaths.isvcs('team-a'), () =>
        refuse ? HttpResponse.json(refused, { status: 401 }) : HttpResponse.json({ items: [] }),
      ),
    );
    const heard: string[] = [];
    const stop = onUnauthenticated((e) => heard.push(e.reason));
    const err = await requestJson(apiPaths.isvcs('team-a'), z.unknown()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(heard).toEqual([]);
    const d = describeError(i18n.t, err, { action: 'list InferenceServices' });
    expect(d.title).toBe('The cluster did not accept your sign-in');
    expect(d.detail).toMatch(/^Kubernetes answered 401 \(Unauthorized\)\. Right after the identity provider rotates/);
    refuse = false;
    await expect(requestJson(apiPaths.isvcs('team-a'), z.unknown())).resolves.toEqual({ items: [] });
    stop();
  });

  it("while the BFF's own 401 ends the session", async () => {
    server.use(http.get(apiPaths.isvcs('team-a'), () => HttpResponse.json(bffOwn, { status: 401 })));
    const heard: string[] = [];
    const stop = onUnauthenticated((e) => heard.push(e.reason));
    const err = await requestJson(apiPaths.isvcs('team-a'), z.unknown()).catch((e: unknown) => e);
    expect(heard).toEqual(['Unauthenticated']);
    expect(describeError(i18n.t, err, { action: 'list InferenceServices' }).title).toBe('Your session has expired');
    stop();
  });
});
