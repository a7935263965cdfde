import { apiPaths, INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphDetailsPage, GraphListPage } from '../src/features/graphs';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { ns, renderAt } from './render';

const G = INFERENCE_GRAPH;

const graph = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'InferenceGraph',
  metadata: { name: 'model-chainer', namespace: ns, resourceVersion: '5', creationTimestamp: '2026-12-06T06:00:00Z' },
  spec: {
    nodes: {
      root: {
        routerType: 'Sequence',
        steps: [
          { serviceName: 'sklearn-iris' },
          { serviceName: 'xgboost-iris', data: '$request' },
          { nodeName: 'split' },
        ],
      },
      split: {
        routerType: 'Splitter',
        steps: [
          { serviceName: 'sklearn-iris', weight: 80 },
          { serviceName: 'missing-model', weight: 20 },
        ],
      },
    },
  },
  status: {
    url: `http://model-chainer.${ns}.svc.cluster.local`,
    conditions: [{ type: 'Ready', status: 'True' }],
  },
};

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  server.use(
    http.get(kindApiPaths.list(G, ns), () => HttpResponse.json({ items: [graph], resourceVersion: '9' })),
    http.get(kindApiPaths.object(G, ns, 'model-chainer'), () => HttpResponse.json(graph)),
    http.get(apiPaths.isvcs(ns), () => HttpResponse.json({ items: [fixtures.readyIsvc, fixtures.loadingIsvc] })),
    http.get(kindApiPaths.schema(G), () => HttpResponse.json({ type: 'object' })),
  );
});

/** The sample graph's Console tab. */
function renderConsole() {
  renderAt(<GraphDetailsPage ns={ns} name="model-chainer" tab="console" />, {
    url: `/ns/${ns}/graphs/model-chainer/console`,
    path: '/ns/:ns/graphs/:name/:tab',
  });
}

describe('InferenceGraph list', () => {
  it('lists graphs with their status, root router and step count, linked to their details', async () => {
    renderAt(<GraphListPage ns={ns} />, { url: `/ns/${ns}/graphs`, path: '/ns/:ns/graphs' });
    const link = await screen.findByRole('link', { name: 'model-chainer' });
    expect(link).toHaveAttribute('href', `/ns/${ns}/graphs/model-chainer`);
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByText('Ready')).toBeInTheDocument();
    expect(within(row).getByText('Sequence')).toBeInTheDocument();
    expect(within(row).getByText('5')).toBeInTheDocument();
    expect(FakeEventSource.instances.map((e) => e.url)).toContain(kindApiPaths.listWatch(G, ns));
  });
});

describe('InferenceGraph details', () => {
  it('draws every node and step, links service steps coloured by readiness, and says it all in words', async () => {
    renderAt(<GraphDetailsPage ns={ns} name="model-chainer" tab="overview" />, {
      url: `/ns/${ns}/graphs/model-chainer`,
      path: '/ns/:ns/graphs/:name',
    });
    const drawing = await screen.findByRole('region', { name: 'Drawing of the graph model-chainer' });
    const ready = await within(drawing).findAllByRole('link', { name: 'Step 1: InferenceService sklearn-iris, Ready' });
    expect(ready[0]).toHaveAttribute('href', `/ns/${ns}/isvc/sklearn-iris`);
    expect(ready[0]).toHaveClass('tone-ok');
    const missing = within(drawing).getByRole('link', { name: 'Step 2: InferenceService missing-model, not found' });
    expect(missing).toHaveClass('tone-error');
    expect(within(drawing).getByText('gets the original request')).toBeInTheDocument();
    expect(within(drawing).getByText('weight 80%')).toBeInTheDocument();
    expect(within(drawing).getByRole('link', { name: '→ split' })).toHaveAttribute('href', '#graph-node-split');
    const words = screen.getByText('The graph in words').closest('details') as HTMLElement;
    expect(within(words).getByText('Step 3: node split')).toBeInTheDocument();
    expect(
      within(words).getByText('Step 2: InferenceService missing-model, not found (weight 20%)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Ready' })).toBeInTheDocument();
  });

  it("sends the console's request to the graph's router and shows the answer", async () => {
    let sent: unknown;
    server.use(
      http.post(`${kindApiPaths.object(G, ns, 'model-chainer')}/infer/`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ predictions: [2] });
      }),
    );
    renderConsole();
    fireEvent.click(await screen.findByRole('button', { name: 'Send' }));
    expect(await screen.findByTestId('graph-answer')).toHaveTextContent('"predictions"');
    expect(screen.getByText(/HTTP 200 in/)).toBeInTheDocument();
    expect(sent).toEqual({ instances: [[6.8, 2.8, 4.8, 1.4]] });
  });

  it("says what the gateway's 503 means when no router pod is ready yet", async () => {
    server.use(
      http.post(
        `${kindApiPaths.object(G, ns, 'model-chainer')}/infer/`,
        () => new HttpResponse('no healthy upstream', { status: 503, headers: { 'content-type': 'text/plain' } }),
      ),
    );
    renderConsole();
    fireEvent.click(await screen.findByRole('button', { name: 'Send' }));
    expect(await screen.findByTestId('graph-answer')).toHaveTextContent('no healthy upstream');
    expect(screen.getByText(/HTTP 503 in/)).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent(/no ready pod behind the router.*send again in a moment/);
  });

  it('keeps the YAML and says why when an apply conflicts; refuses YAML that is not one object', async () => {
    server.use(
      http.put(kindApiPaths.object(G, ns, 'model-chainer'), () =>
        HttpResponse.json({ status: 409, reason: 'Conflict', message: 'modified', causes: [] }, { status: 409 }),
      ),
    );
    renderAt(<GraphDetailsPage ns={ns} name="model-chainer" tab="yaml" />, {
      url: `/ns/${ns}/graphs/model-chainer/yaml`,
      path: '/ns/:ns/graphs/:name/:tab',
    });
    const editor = (await screen.findByRole('textbox', { name: 'InferenceGraph YAML' })) as HTMLTextAreaElement;
    expect(editor.value).toContain('routerType: Sequence');
    expect(editor.value).not.toContain('conditions');
    fireEvent.change(editor, { target: { value: `${editor.value}\n# mine\n` } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The graph changed since you opened it');
    expect(editor.value).toContain('# mine');
    fireEvent.change(editor, { target: { value: '- a\n- b\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('one InferenceGraph object');
  });
});
