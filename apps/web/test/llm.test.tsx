import { kindApiPaths, LLM_INFERENCE_SERVICE, LLM_INFERENCE_SERVICE_CONFIG } from '@servedeck/shared';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmDetailsPage, LlmListPage } from '../src/features/llm';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { ns, renderAt } from './render';

const L = LLM_INFERENCE_SERVICE;
const svc = {
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceService',
  metadata: { name: 'tiny-chat', namespace: ns, creationTimestamp: '2026-12-06T06:00:00Z', resourceVersion: '7' },
  spec: {
    model: { uri: 'pvc://llm-models/char-ngram', name: 'tiny-chat' },
    replicas: 1,
    parallelism: { tensor: 1 },
    baseRefs: [{ name: 'kserve-config-llm-template' }],
    router: { route: {}, gateway: {} },
  },
  status: {
    url: `http://tiny-chat-${ns}.example.com`,
    addresses: [{ url: `http://tiny-chat-kserve-workload-svc.${ns}.svc.cluster.local` }],
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'WorkloadsReady', status: 'True' },
    ],
    workloads: { primary: { kind: 'Deployment', name: 'tiny-chat-kserve', readyReplicas: 1 } },
  },
};

describe('LLM services', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('lists the services live and the configs', async () => {
    server.use(
      http.get(kindApiPaths.list(L, ns), () => HttpResponse.json({ items: [svc], warnings: [] })),
      http.get(kindApiPaths.list(LLM_INFERENCE_SERVICE_CONFIG, ns), () =>
        HttpResponse.json({
          items: [{ metadata: { name: 'kserve-config-llm-template', namespace: ns }, spec: { replicas: 1 } }],
          warnings: [],
        }),
      ),
    );
    renderAt(<LlmListPage ns={ns} />, { url: `/ns/${ns}/llm`, path: '/ns/:ns/llm' });
    const link = await screen.findByRole('link', { name: 'tiny-chat' });
    expect(link).toHaveAttribute('href', `/ns/${ns}/llm/tiny-chat`);
    const row = link.closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Ready');
    expect(row).toHaveTextContent('tp=1');
    expect(await screen.findByText('kserve-config-llm-template')).toBeInTheDocument();
    const source = FakeEventSource.instances.at(-1);
    expect(source?.url).toBe(kindApiPaths.listWatch(L, ns));
    act(() => source?.open());
    act(() =>
      source?.emit('change', {
        type: 'MODIFIED',
        object: {
          ...svc,
          status: { conditions: [{ type: 'Ready', status: 'False', reason: 'MinimumReplicasUnavailable' }] },
        },
      }),
    );
    expect(await within(row).findByText('Not ready')).toBeInTheDocument();
  });

  it('shows the model, URLs, workloads and conditions of one service', async () => {
    server.use(http.get(kindApiPaths.object(L, ns, 'tiny-chat'), () => HttpResponse.json(svc)));
    renderAt(<LlmDetailsPage ns={ns} name="tiny-chat" tab="overview" />, {
      url: `/ns/${ns}/llm/tiny-chat`,
      path: '/ns/:ns/llm/:name',
    });
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(summary).toHaveTextContent('pvc://llm-models/char-ngram');
    expect(summary).toHaveTextContent(`http://tiny-chat-kserve-workload-svc.${ns}.svc.cluster.local`);
    expect(summary).toHaveTextContent('kserve-config-llm-template');
    expect(screen.getByRole('region', { name: 'Workloads' })).toHaveTextContent('tiny-chat-kserve');
    expect(screen.getByRole('region', { name: 'Conditions' })).toHaveTextContent('WorkloadsReady');
  });

  it('streams a chat answer through the console', async () => {
    const sse = [
      'data: {"choices":[{"delta":{"content":"hel"}}]}\n\n',
      'data: {"choices":[{"delta":{"content":"lo"}}]}\n\n',
      'data: [DONE]\n\n',
    ].join('');
    let sent: unknown;
    server.use(
      http.get(kindApiPaths.object(L, ns, 'tiny-chat'), () => HttpResponse.json(svc)),
      http.post(kindApiPaths.infer(L, ns, 'tiny-chat', '/v1/chat/completions'), async ({ request }) => {
        sent = await request.json();
        return new HttpResponse(sse, { headers: { 'content-type': 'text/event-stream' } });
      }),
    );
    const user = userEvent.setup();
    renderAt(<LlmDetailsPage ns={ns} name="tiny-chat" tab="console" />, {
      url: `/ns/${ns}/llm/tiny-chat/console`,
      path: '/ns/:ns/llm/:name/:tab',
    });
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'hi');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const answer = await screen.findByRole('region', { name: 'Answer' });
    expect(await within(answer).findByText('hello')).toBeInTheDocument();
    expect(within(answer).getByText(/HTTP 200/)).toHaveTextContent('2 events');
    expect(sent).toEqual({
      model: 'tiny-chat',
      stream: true,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });
});
