import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { LogsPanel } from '../src/features/logs';
import { DEFAULT_LOG_OPTIONS, readLogOptions, writeLogOptions } from '../src/features/logs/log-options';
import { server } from './msw';
import { ns, renderAt } from './render';

describe('log options in the URL', () => {
  it('reads defaults from an empty query, writes only what differs, and keeps other parameters', () => {
    expect(readLogOptions(new URLSearchParams())).toEqual(DEFAULT_LOG_OPTIONS);
    const p = writeLogOptions(new URLSearchParams('range=1h&tail=100'), {
      ...DEFAULT_LOG_OPTIONS,
      tail: undefined,
      previous: true,
      follow: false,
      search: 'error',
    });
    expect(p.toString()).toBe('range=1h&tail=all&previous=1&follow=0&q=error');
    expect(readLogOptions(p)).toMatchObject({ tail: undefined, previous: true, follow: false, search: 'error' });
    expect(writeLogOptions(p, DEFAULT_LOG_OPTIONS).toString()).toBe('range=1h');
  });

  it('falls back to the default for a tail that is not a choice', () => {
    expect(readLogOptions(new URLSearchParams('tail=999999')).tail).toBe(500);
  });

  it('the panel opens with the options of its URL and writes changes back', async () => {
    const asked: URLSearchParams[] = [];
    const pod = fixtures.crashLoopPod;
    server.use(
      http.get(apiPaths.isvcResources(ns, 'sklearn-irisv2'), () =>
        HttpResponse.json({ pods: [pod], services: [], deployments: [] }),
      ),
      http.get(apiPaths.podLog(ns, pod.metadata.name), ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return new HttpResponse('line one\nerror two\n', { headers: { 'content-type': 'text/plain' } });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderAt(<LogsPanel ns={ns} name="sklearn-irisv2" />, {
      url: `/ns/${ns}/isvc/sklearn-irisv2/logs?tail=all&previous=1&q=error`,
      path: '/ns/:ns/isvc/:name/:tab',
    });
    expect(await screen.findByRole('searchbox', { name: 'Search' })).toHaveValue('error');
    expect(screen.getByRole('checkbox', { name: /previous/i })).toBeChecked();
    await waitFor(() => expect(asked.length).toBeGreaterThan(0));
    expect(asked[0]?.get('previous')).toBe('true');
    expect(asked[0]?.has('tailLines')).toBe(false);
    await user.click(screen.getByRole('checkbox', { name: /previous/i }));
    expect(new URLSearchParams(router.state.location.search).get('previous')).toBeNull();
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('error');
  });
});
