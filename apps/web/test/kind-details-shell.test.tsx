import { INFERENCE_GRAPH, kindApiPaths } from '@servedeck/shared';
import { act, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KindDetailsShell } from '../src/components/kind/KindDetailsShell';
import { kindKeys } from '../src/lib/kind-queries';
import { FakeEventSource } from './fake-event-source';
import { server } from './msw';
import { ns, renderAt } from './render';

const K = INFERENCE_GRAPH;
const keys = kindKeys('things');
const TABS = ['overview', 'yaml', 'extra'] as const;
type Tab = (typeof TABS)[number];
const schema = z.looseObject({ spec: z.object({ size: z.number() }) });
const obj = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'InferenceGraph',
  metadata: { name: 'g1', namespace: ns, resourceVersion: '3' },
  spec: { size: 4 },
  status: { conditions: [{ type: 'Ready', status: 'False', reason: 'RouterPending' }] },
};

/** The keys themselves, with their values: what the shell asked the feature's catalogue for. */
const t = (k: string, vars?: Record<string, string | number>) => (vars ? `${k} ${JSON.stringify(vars)}` : k);

function renderShell(tab: Tab, name = 'g1') {
  const seen: { tab: Tab; size: number; rv: unknown }[] = [];
  renderAt(
    <KindDetailsShell
      kind={K}
      keys={keys}
      section="things"
      ns={ns}
      name={name}
      tabs={TABS}
      tab={tab}
      t={t}
      schema={schema}
    >
      {(o, raw) => {
        seen.push({ tab, size: o.spec.size, rv: (raw.metadata as { resourceVersion?: string }).resourceVersion });
        return <p>size {o.spec.size}</p>;
      }}
    </KindDetailsShell>,
    { url: `/ns/${ns}/things/${name}/${tab}`, path: '/ns/:ns/things/:name/:tab' },
  );
  return seen;
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  server.use(
    http.get(kindApiPaths.object(K, ns, 'g1'), () => HttpResponse.json(obj)),
    http.get(kindApiPaths.schema(K), () => HttpResponse.json({ type: 'object' })),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('KindDetailsShell', () => {
  it('heads the page with the back link, the name, the status and the tabs, and shows the tab the feature draws', async () => {
    const seen = renderShell('extra');
    expect(await screen.findByText('size 4')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'back' })).toHaveAttribute('href', `/ns/${ns}/things`);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('g1');
    expect(screen.getByText('Not ready')).toBeInTheDocument();
    expect(screen.getByText('RouterPending')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'tabs.label' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual(
      TABS.map((id) => [`tabs.${id}`, `/ns/${ns}/things/g1/${id}`]),
    );
    expect(within(nav).getByRole('link', { name: 'tabs.extra' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'tabs.overview' })).not.toHaveAttribute('aria-current');
    expect(seen.at(-1)).toEqual({ tab: 'extra', size: 4, rv: '3' });
  });

  it("follows the object's watch stream", async () => {
    renderShell('overview');
    expect(await screen.findByText('size 4')).toBeInTheDocument();
    const source = FakeEventSource.instances.find((s) => s.url === kindApiPaths.objectWatch(K, ns, 'g1'));
    act(() => source?.open());
    act(() =>
      source?.emit('change', {
        type: 'MODIFIED',
        object: { ...obj, spec: { size: 5 }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      }),
    );
    expect(await screen.findByText('size 5')).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(screen.queryByText('RouterPending')).toBeNull();
  });

  it('shows the shared YAML tab for `yaml`, with its draft kept under the section', async () => {
    const seen = renderShell('yaml');
    const editor = (await screen.findByRole('textbox', { name: 'yaml.label' })) as HTMLTextAreaElement;
    expect(editor.value).toContain('size: 4');
    expect(seen).toEqual([]);
  });

  it('says the object could not be read, with the server’s reason', async () => {
    server.use(
      http.get(kindApiPaths.object(K, ns, 'gone'), () =>
        HttpResponse.json({ status: 404, reason: 'NotFound', message: 'not found', causes: [] }, { status: 404 }),
      ),
    );
    renderShell('overview', 'gone');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('readFailed {"name":"gone"}');
    expect(alert).toHaveTextContent('NotFound: not found');
  });

  it('says so too when the object is not what the views read, without drawing a tab', async () => {
    server.use(http.get(kindApiPaths.object(K, ns, 'odd'), () => HttpResponse.json({ ...obj, spec: { size: 'big' } })));
    renderShell('overview', 'odd');
    expect(await screen.findByText('readFailed {"name":"odd"}')).toBeInTheDocument();
    expect(screen.queryByText('size big')).toBeNull();
  });
});
