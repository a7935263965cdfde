import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { LogsPanel } from '../src/features/logs';
import { readLogOptions, writeLogOptions } from '../src/features/logs/log-options';
import { server } from './msw';
import { ns, renderAt } from './render';

const name = 'sklearn-irisv2';
const base = fixtures.crashLoopPod;
const pod = (podName: string, component: string) => ({
  ...base,
  metadata: { ...base.metadata, name: podName, labels: { ...base.metadata.labels, component } },
});
const pods = [
  pod('iris-predictor-b', 'predictor'),
  pod('iris-predictor-a', 'predictor'),
  pod('iris-transformer-x', 'transformer'),
];

function serve(asked: URL[]) {
  server.use(
    http.get(apiPaths.isvcResources(ns, name), () => HttpResponse.json({ pods, services: [], deployments: [] })),
    http.get(apiPaths.isvcLogs(ns, name), ({ request }) => {
      asked.push(new URL(request.url));
      return new HttpResponse(
        [
          'iris-predictor-a 2026-12-06T07:00:01Z a started',
          'iris-predictor-b 2026-12-06T07:00:02Z b started',
          'iris-predictor-b - (log not available: BadRequest: waiting to start)',
          '',
        ].join('\n'),
        { headers: { 'content-type': 'text/plain', 'x-log-pods': 'iris-predictor-a,iris-predictor-b' } },
      );
    }),
    http.get(/\/api\/namespaces\/[^/]+\/pods\/[^/]+\/log$/, ({ request }) => {
      asked.push(new URL(request.url));
      return new HttpResponse('single pod line\n', { headers: { 'content-type': 'text/plain' } });
    }),
  );
}

describe('merged log view', () => {
  it('component and `all pods` live in the URL; the merged view shows each line with its pod and time', async () => {
    const asked: URL[] = [];
    serve(asked);
    renderAt(<LogsPanel ns={ns} name={name} />, {
      url: `/ns/${ns}/isvc/${name}/logs?component=predictor&pod=*&tail=100&follow=0`,
      path: '/ns/:ns/isvc/:name/:tab',
    });
    expect(await screen.findByRole('combobox', { name: 'Pod' })).toHaveValue('*');
    expect(screen.getByRole('option', { name: 'All 2 pods, merged' })).toBeInTheDocument();
    await screen.findByText('a started', { exact: false });
    const first = asked.find((u) => u.pathname === apiPaths.isvcLogs(ns, name));
    expect(first?.searchParams.get('component')).toBe('predictor');
    expect(first?.searchParams.get('container')).toBe('kserve-container');
    expect(first?.searchParams.get('tailLines')).toBe('100');
    expect(first?.searchParams.has('follow')).toBe(false);
    const view = document.querySelector('pre.log-view') as HTMLElement;
    expect(within(view).getByText('iris-predictor-a')).toHaveClass('log-pod-0');
    expect(within(view).getAllByText('iris-predictor-b')[0]).toHaveClass('log-pod-1');
    expect(within(view).getByText('2026-12-06T07:00:02Z')).toHaveClass('log-line-time');
    expect(view.textContent).toContain('(log not available: BadRequest: waiting to start)');
    expect(screen.getByText('Pods merged: iris-predictor-a, iris-predictor-b')).toBeInTheDocument();
    // the whole log comes from the BFF, not from the page's text
    const download = screen.getByRole('link', { name: 'Download whole log' });
    const href = new URL(download.getAttribute('href') ?? '', 'http://x');
    expect(href.pathname).toBe(apiPaths.isvcLogs(ns, name));
    expect(Object.fromEntries(href.searchParams)).toEqual({
      component: 'predictor',
      container: 'kserve-container',
      download: 'true',
    });
    expect(download).toHaveAttribute('download');
  });

  it('switching the component writes it to the URL and lists only its pods', async () => {
    const asked: URL[] = [];
    serve(asked);
    const user = userEvent.setup();
    const { router } = renderAt(<LogsPanel ns={ns} name={name} />, {
      url: `/ns/${ns}/isvc/${name}/logs?follow=0`,
      path: '/ns/:ns/isvc/:name/:tab',
    });
    const podSelect = await screen.findByRole('combobox', { name: 'Pod' });
    // the single-pod view stays the default: the first pod of the first component
    expect(podSelect).toHaveValue('iris-predictor-a');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Component' }), 'transformer');
    expect(new URLSearchParams(router.state.location.search).get('component')).toBe('transformer');
    expect(screen.getByRole('combobox', { name: 'Pod' })).toHaveValue('iris-transformer-x');
    expect(screen.getByRole('option', { name: 'All 1 pods, merged' })).toBeInTheDocument();
    await waitFor(() => expect(asked.some((u) => u.pathname.includes('iris-transformer-x'))).toBe(true));
    const single = screen.getByRole('link', { name: 'Download whole log' });
    expect(single.getAttribute('href')).toContain(
      '/pods/iris-transformer-x/log?container=kserve-container&download=true',
    );
  });

  it('keeps component and pod=* through write and read, with the other options', () => {
    const p = writeLogOptions(new URLSearchParams('range=1h'), {
      ...readLogOptions(new URLSearchParams()),
      component: 'transformer',
      pod: '*',
    });
    expect(p.toString()).toBe('range=1h&component=transformer&pod=*');
    expect(readLogOptions(p)).toMatchObject({ component: 'transformer', pod: '*' });
  });
});
