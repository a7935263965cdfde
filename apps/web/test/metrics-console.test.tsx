import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConsoleRoute } from '../src/app/pages/ConsoleRoute';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const name = 'sklearn-irisv2';

describe('console load test (metrics)', () => {
  it('sends the console request N times through the BFF proxy and reports status codes and percentiles', async () => {
    let infers = 0;
    server.use(
      handlers.me(),
      handlers.list([fixtures.crashLoopIsvc]),
      http.get(apiPaths.isvcInfer(ns, name, `/v2/models/${name}`), () => HttpResponse.json(fixtures.irisV2Metadata)),
      http.post(apiPaths.isvcInfer(ns, name, `/v2/models/${name}/infer`), () => {
        infers += 1;
        return HttpResponse.json({ model_name: name, outputs: [] }, { status: infers % 5 === 0 ? 503 : 200 });
      }),
    );
    const user = userEvent.setup();
    renderAt(<ConsoleRoute />, { url: `/ns/${ns}/console?isvc=${name}`, path: '/ns/:ns/console' });
    const count = await screen.findByLabelText('Requests (N)');
    await user.clear(count);
    await user.type(count, '25');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send 25 requests' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Send 25 requests' }));
    expect(await screen.findByText(/^25 sent in/)).toBeInTheDocument();
    expect(infers).toBe(25);
    expect(screen.getByText(/200 × 20, 503 × 5/)).toBeInTheDocument();
    expect(screen.getByTestId('load-percentiles')).toHaveTextContent(/p50 .* ms · p95 .* ms · p99 .* ms/);
    expect(screen.getByRole('img', { name: 'Latency histogram' })).toBeInTheDocument();
  });
});
