import { apiPaths, authPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ConsolePage } from '../src/features/console';
import { SessionGate, signIn } from '../src/features/session';
import { server } from './msw';
import { handlers, me, ns, renderAt } from './render';

const name = 'sklearn-irisv2';

describe('Test console', () => {
  it('pre-fills a V2 payload from model metadata, sends it, and shows outputs, latency and curl', async () => {
    let sent: unknown;
    server.use(
      handlers.me(),
      handlers.list([fixtures.crashLoopIsvc]),
      http.get(apiPaths.isvcInfer(ns, name, `/v2/models/${name}`), () => HttpResponse.json(fixtures.irisV2Metadata)),
      http.post(apiPaths.isvcInfer(ns, name, `/v2/models/${name}/infer`), async ({ request }) => {
        sent = await request.json();
        expect(new URL(request.url).searchParams.get('route')).toBe('gateway');
        return HttpResponse.json(
          { model_name: name, id: 'r1', outputs: [{ name: 'output-0', datatype: 'INT64', shape: [1], data: [1] }] },
          { headers: { 'Server-Timing': 'upstream;dur=12.5' } },
        );
      }),
    );
    const user = userEvent.setup();
    renderAt(<ConsolePage ns={ns} selected={name} onSelect={() => undefined} />, {
      url: `/ns/${ns}/console?isvc=${name}`,
      path: '/ns/:ns/console',
    });
    const payload = (await screen.findByRole('textbox', { name: 'Payload (JSON)' })) as HTMLTextAreaElement;
    await waitFor(() =>
      expect(JSON.parse(payload.value)).toEqual({
        inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [0, 0, 0, 0] }],
      }),
    );
    expect(screen.getByText('From model metadata: input-0 FP32 [-1, 4]')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Operation' })).toHaveValue('v2-infer');

    await user.click(screen.getByRole('button', { name: 'Send' }));
    const response = await screen.findByRole('region', { name: 'Response' });
    expect(within(response).getByText(/200/)).toBeInTheDocument();
    expect(within(response).getByText('Server-Timing: upstream 13 ms')).toBeInTheDocument();
    const outputs = within(response).getByRole('table', { name: /Outputs of sklearn-irisv2/ });
    expect(within(outputs).getByText('output-0')).toBeInTheDocument();
    expect(sent).toEqual({ inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [0, 0, 0, 0] }] });
    expect(
      within(screen.getByRole('region', { name: 'History' })).getByRole('button', {
        name: /sklearn-irisv2 · V2 infer/,
      }),
    ).toBeInTheDocument();

    const curl = screen.getByText(/^curl -sS/);
    expect(curl.textContent).toBe(
      `curl -sS -H 'Host: sklearn-irisv2-${ns}.example.com' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @- '${me.gatewayUrl}/v2/models/${name}/infer' <<'EOF'\n${payload.value}\nEOF`,
    );
  });

  it("says what the gateway's own 503 means (no ready pod behind it) under its answer", async () => {
    server.use(
      handlers.me(),
      handlers.list([fixtures.crashLoopIsvc]),
      http.get(apiPaths.isvcInfer(ns, name, `/v2/models/${name}`), () => HttpResponse.json(fixtures.irisV2Metadata)),
      http.post(
        apiPaths.isvcInfer(ns, name, `/v2/models/${name}/infer`),
        () => new HttpResponse('no healthy upstream', { status: 503, headers: { 'content-type': 'text/plain' } }),
      ),
    );
    const user = userEvent.setup();
    renderAt(<ConsolePage ns={ns} selected={name} onSelect={() => undefined} />, {
      url: `/ns/${ns}/console?isvc=${name}`,
      path: '/ns/:ns/console',
    });
    const payload = (await screen.findByRole('textbox', { name: 'Payload (JSON)' })) as HTMLTextAreaElement;
    await waitFor(() => expect(payload.value).toContain('input-0'));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const response = await screen.findByRole('region', { name: 'Response' });
    expect(within(response).getByText(/503/)).toBeInTheDocument();
    expect(within(response).getByRole('note')).toHaveTextContent(
      /no ready pod behind this endpoint \("no healthy upstream"\).*send again in a moment/,
    );
  });

  it('renders an OpenAI stream as it arrives', async () => {
    const hf = {
      ...fixtures.readyIsvc,
      metadata: { ...fixtures.readyIsvc.metadata, name: 'llm' },
      spec: { predictor: { model: { modelFormat: { name: 'huggingface' } } } },
    };
    const sse = [
      'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\n',
      'data: {"choices":[{"delta":{"content":" world"}}]}\n\n',
      'data: [DONE]\n\n',
    ].join('');
    server.use(
      handlers.me(),
      handlers.list([hf]),
      http.post(
        apiPaths.isvcInfer(ns, 'llm', '/openai/v1/chat/completions'),
        () => new HttpResponse(sse, { headers: { 'content-type': 'text/event-stream' } }),
      ),
    );
    const user = userEvent.setup();
    renderAt(<ConsolePage ns={ns} selected="llm" onSelect={() => undefined} />, {
      url: `/ns/${ns}/console`,
      path: '/ns/:ns/console',
    });
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Operation' })).toHaveValue('openai-chat'));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const response = await screen.findByRole('region', { name: 'Response' });
    expect(within(response).getByText('Hello world')).toBeInTheDocument();
    expect(within(response).getByText('2 events, done')).toBeInTheDocument();
  });
});

describe('Session', () => {
  it('sends a user without a session to the BFF login with the current path', async () => {
    const go = vi.spyOn(signIn, 'go').mockImplementation(() => undefined);
    server.use(
      http.get(apiPaths.me(), () =>
        HttpResponse.json(
          { status: 401, reason: 'Unauthenticated', message: 'Log in to continue', causes: [] },
          { status: 401 },
        ),
      ),
    );
    window.history.replaceState(null, '', `/ns/${ns}/isvc/sklearn-iris/yaml`);
    renderAt(
      <SessionGate>
        <p>app</p>
      </SessionGate>,
      { url: '/', path: '/' },
    );
    await waitFor(() => expect(go).toHaveBeenCalledWith(authPaths.login(`/ns/${ns}/isvc/sklearn-iris/yaml`)));
    expect(screen.queryByText('app')).not.toBeInTheDocument();
    go.mockRestore();
    window.history.replaceState(null, '', '/');
  });
});
