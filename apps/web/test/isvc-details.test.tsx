import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { IsvcDetailsPage } from '../src/features/isvc-details';
import { applyDetailEvent } from '../src/features/isvc-details/hooks/useIsvcDetailWatch';
import { createQueryClient } from '../src/lib/query-client';
import { keys } from '../src/lib/query-keys';
import { server } from './msw';
import { ns, renderAt } from './render';

const name = 'sklearn-irisv2';

function serve() {
  server.use(
    http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(fixtures.crashLoopIsvc)),
    http.get(apiPaths.isvcResources(ns, name), () =>
      HttpResponse.json({
        pods: [fixtures.crashLoopPod],
        services: [fixtures.predictorService, fixtures.externalNameService],
        deployments: [],
      }),
    ),
    http.get(apiPaths.isvcEvents(ns, name), () =>
      HttpResponse.json({ items: [fixtures.backOffEvent, fixtures.createdEvent] }),
    ),
  );
}

function renderDetails(tab: 'overview' | 'pods' | 'services' | 'events' | 'components') {
  return renderAt(
    <IsvcDetailsPage ns={ns} name={name} tab={tab} logs={null} yaml={null} metrics={null} consoleHref="/console" />,
    {
      url: `/ns/${ns}/isvc/${name}/${tab}`,
      path: '/ns/:ns/isvc/:name/:tab',
    },
  );
}

describe('InferenceService details', () => {
  it('answers "why is it not ready?" from conditions, pods and warning events', async () => {
    serve();
    renderDetails('overview');
    const why = await screen.findByRole('region', { name: 'Why is it not ready?' });
    expect(within(why).getByText('MinimumReplicasUnavailable')).toBeInTheDocument();
    expect(await within(why).findByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(within(why).getByText('BackOff')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: name })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: /^Pods/ })).toHaveAttribute('href', `/ns/${ns}/isvc/${name}/pods`);
  });

  it('lists pods and services as kubectl does', async () => {
    serve();
    renderDetails('pods');
    const row = (await screen.findByText(fixtures.crashLoopPod.metadata.name)).closest('tr') as HTMLElement;
    expect(within(row).getByText('0/1')).toBeInTheDocument();
    expect(within(row).getByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(within(row).getByText('5')).toBeInTheDocument();
    expect(within(row).getByText('10.244.0.13')).toBeInTheDocument();
  });

  it('lists services with type, cluster IP and ports', async () => {
    serve();
    renderDetails('services');
    const row = (await screen.findByText('sklearn-iris-predictor')).closest('tr') as HTMLElement;
    expect(within(row).getByText('10.96.12.34')).toBeInTheDocument();
    expect(within(row).getByText('80/TCP')).toBeInTheDocument();
  });

  it('shows a 404 as gone, with the way back', async () => {
    server.use(
      http.get(apiPaths.isvc(ns, name), () =>
        HttpResponse.json(
          { status: 404, reason: 'NotFound', message: `inferenceservices "${name}" not found`, causes: [] },
          { status: 404 },
        ),
      ),
      http.get(apiPaths.isvcResources(ns, name), () => HttpResponse.json({ pods: [], services: [], deployments: [] })),
      http.get(apiPaths.isvcEvents(ns, name), () => HttpResponse.json({ items: [] })),
    );
    renderDetails('overview');
    expect(await screen.findByRole('alert')).toHaveTextContent('Not found');
    expect(screen.getByRole('link', { name: 'Back to the list' })).toBeInTheDocument();
  });

  it('folds the per-object watch stream into the detail, pods and events caches', () => {
    const client = createQueryClient();
    applyDetailEvent(client, ns, name, {
      type: 'RESYNC',
      resource: 'pods',
      items: [fixtures.crashLoopPod],
      resourceVersion: '5',
    });
    applyDetailEvent(client, ns, name, { type: 'ADDED', resource: 'events', object: fixtures.backOffEvent });
    applyDetailEvent(client, ns, name, {
      type: 'MODIFIED',
      object: { ...fixtures.readyIsvc, kind: 'InferenceService' },
    });
    expect(client.getQueryData<{ pods: unknown[] }>(keys.isvcResources(ns, name))?.pods).toEqual([
      fixtures.crashLoopPod,
    ]);
    expect(client.getQueryData<{ items: unknown[] }>(keys.isvcEvents(ns, name))?.items).toEqual([
      fixtures.backOffEvent,
    ]);
    expect(client.getQueryData(keys.isvc(ns, name))).toMatchObject({ metadata: { name: 'sklearn-iris' } });
    applyDetailEvent(client, ns, name, { type: 'DELETED', resource: 'pods', object: fixtures.crashLoopPod });
    expect(client.getQueryData<{ pods: unknown[] }>(keys.isvcResources(ns, name))?.pods).toEqual([]);
  });
});
