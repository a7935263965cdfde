import { metricsPaths } from '@servedeck/shared';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ListRoute } from '../src/app/pages/ListRoute';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const renderList = () => renderAt(<ListRoute />, { url: `/ns/${ns}`, path: '/ns/:ns' });

describe('requests column of the list (metrics)', () => {
  it('shows a requests/min sparkline per InferenceService when Prometheus is configured', async () => {
    server.use(
      handlers.list(),
      handlers.podCounts(),
      http.get(metricsPaths.namespace(ns), () =>
        HttpResponse.json({
          namespace: ns,
          start: 0,
          step: 60,
          window: '5m',
          rates: { 'sklearn-iris': 0.5 },
          history: { 'sklearn-iris': [0, 0.25, 0.5] },
        }),
      ),
    );
    renderList();
    expect(await screen.findByRole('columnheader', { name: 'Requests (30 min)' })).toBeInTheDocument();
    const row = screen.getByRole('link', { name: 'sklearn-iris' }).closest('tr') as HTMLElement;
    expect(await within(row).findByText('30 req/min now')).toBeInTheDocument();
    const quiet = screen.getByRole('link', { name: 'triton-onnx' }).closest('tr') as HTMLElement;
    expect(within(quiet).getByTitle('No requests in the last 30 minutes')).toHaveTextContent('0');
  });

  it('hides the column when metrics are not configured', async () => {
    let asked = 0;
    server.use(
      handlers.list(),
      handlers.podCounts(),
      http.get(metricsPaths.namespace(ns), () => {
        asked += 1;
        return HttpResponse.json(
          { status: 404, reason: 'MetricsNotConfigured', message: 'x', causes: [] },
          { status: 404 },
        );
      }),
    );
    renderList();
    await screen.findByRole('link', { name: 'sklearn-iris' });
    await expect.poll(() => asked).toBeGreaterThan(0);
    await expect.poll(() => screen.queryByRole('columnheader', { name: 'Requests (30 min)' })).toBeNull();
  });
});
