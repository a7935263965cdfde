import { apiPaths } from '@servedeck/shared';
import { screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ModelReadinessCard } from '../src/features/isvc-details';
import { server } from './msw';
import { ns, renderAt } from './render';

const name = 'sklearn-irisv2';

function answer(body: Record<string, unknown>, status = 200) {
  server.use(http.get(apiPaths.isvcModelReadiness(ns, name), () => HttpResponse.json(body, { status })));
}

function renderCard() {
  return renderAt(<ModelReadinessCard ns={ns} name={name} />, {
    url: `/ns/${ns}/isvc/${name}/overview`,
    path: '/ns/:ns/isvc/:name/:tab',
  });
}

describe('model readiness card', () => {
  it('says when the server is up but the model is not loaded, with what was asked and answered', async () => {
    answer({
      protocol: 'v2',
      model: name,
      server: { path: '/v2/health/ready', state: 'ready', status: 200 },
      modelReady: {
        path: `/v2/models/${name}/ready`,
        state: 'not-ready',
        status: 503,
        message: 'Model sklearn-irisv2 is not ready',
      },
      checkedAt: new Date().toISOString(),
    });
    renderCard();
    expect(await screen.findByText('The server is up but the model is not loaded.')).toBeInTheDocument();
    expect(screen.getByText('GET /v2/health/ready')).toBeInTheDocument();
    expect(screen.getByText(`GET /v2/models/${name}/ready`)).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(screen.getByText('Not ready')).toBeInTheDocument();
    expect(screen.getByText('HTTP 503')).toBeInTheDocument();
    expect(screen.getByText('Model sklearn-irisv2 is not ready')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check again' })).toBeEnabled();
  });

  it('both ready; a refusal (403) is shown as a problem, not a crash', async () => {
    answer({
      protocol: 'v1',
      model: name,
      server: { path: '/v1/models', state: 'ready', status: 200 },
      modelReady: { path: `/v1/models/${name}`, state: 'ready', status: 200 },
      checkedAt: new Date().toISOString(),
    });
    const { unmount } = renderCard();
    expect(await screen.findByText('The server and the model are ready.')).toBeInTheDocument();
    unmount();
    answer({ status: 403, reason: 'Forbidden', message: 'User "alice@example.com" cannot get', causes: [] }, 403);
    renderCard();
    expect(await screen.findByText(/Could not check readiness/)).toBeInTheDocument();
  });
});
