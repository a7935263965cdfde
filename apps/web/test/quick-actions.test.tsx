import { apiPaths } from '@servedeck/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { QuickActions } from '../src/features/quick-actions';
import { isvcQuery } from '../src/lib/isvc-queries';
import { createQueryClient } from '../src/lib/query-client';
import { server } from './msw';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
function merge(target: Obj, patch: Obj): Obj {
  const out: Obj = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isObj(v)) out[k] = merge(isObj(out[k]) ? (out[k] as Obj) : {}, v);
    else out[k] = v;
  }
  return out;
}

/** A fake apiserver behind the BFF's PATCH route: merge patch, resourceVersion check, dry run, history. */
function fakeCluster(opts: { forbid?: boolean } = {}) {
  const state = {
    obj: {
      metadata: { name: 'iris', namespace: 'ns', resourceVersion: '10' },
      spec: { predictor: { minReplicas: 1, model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://b/v1' } } },
    } as Obj,
    revision: 4,
    patches: [] as { dryRun: boolean; body: Obj }[],
  };
  const rv = () => (state.obj.metadata as Obj).resourceVersion;
  server.use(
    http.get(apiPaths.isvc('ns', 'iris'), () => HttpResponse.json(state.obj)),
    http.patch(apiPaths.isvc('ns', 'iris'), async ({ request }) => {
      const dryRun = new URL(request.url).searchParams.get('dryRun') === 'All';
      const body = (await request.json()) as Obj;
      state.patches.push({ dryRun, body });
      if (opts.forbid)
        return HttpResponse.json(
          {
            status: 403,
            reason: 'Forbidden',
            message:
              'inferenceservices.serving.kserve.io "iris" is forbidden: User "alice@example.com" cannot patch resource "inferenceservices"',
            causes: [],
          },
          { status: 403 },
        );
      const want = (body.metadata as Obj | undefined)?.resourceVersion;
      if (want !== undefined && want !== rv())
        return HttpResponse.json(
          { status: 409, reason: 'Conflict', message: 'the object has been modified', causes: [], live: state.obj },
          { status: 409 },
        );
      const { metadata: _m, ...rest } = body;
      const next = merge(state.obj, rest);
      if (dryRun) return HttpResponse.json({ object: next, warnings: [] });
      state.obj = { ...next, metadata: { ...(next.metadata as Obj), resourceVersion: String(Number(rv()) + 1) } };
      state.revision++;
      return HttpResponse.json({
        object: state.obj,
        warnings: [],
        history: { recorded: true, revision: state.revision },
      });
    }),
  );
  return state;
}

async function renderActions() {
  const client = createQueryClient({ retryDelayMs: 0 });
  // the details page has read the object (its watch keeps it current)
  await client.fetchQuery(isvcQuery('ns', 'iris'));
  render(
    <QueryClientProvider client={client}>
      <QuickActions ns="ns" name="iris" />
    </QueryClientProvider>,
  );
  return { user: userEvent.setup(), client };
}

const dialog = () => screen.getByRole('dialog');

describe('quick actions', () => {
  it('scales 1 → 2 after a dry run with the diff, records the revision, and undoes back to 1', async () => {
    const state = fakeCluster();
    const { user } = await renderActions();
    await user.click(screen.getByRole('button', { name: 'Scale…' }));
    const min = within(dialog()).getByRole('textbox', { name: /Minimum replicas/ });
    expect(min).toHaveValue('1');
    await user.clear(min);
    await user.type(min, '2');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    expect(await within(dialog()).findByText('spec.predictor.minReplicas: 1 → 2')).toBeInTheDocument();
    expect(state.patches).toEqual([
      { dryRun: true, body: { metadata: { resourceVersion: '10' }, spec: { predictor: { minReplicas: 2 } } } },
    ]);
    expect(state.obj.spec).toMatchObject({ predictor: { minReplicas: 1 } });
    await user.click(within(dialog()).getByRole('button', { name: 'Apply' }));
    expect(await within(dialog()).findByText(/Applied\. Recorded as revision 5 of the history\./)).toBeInTheDocument();
    expect(state.obj.spec).toMatchObject({ predictor: { minReplicas: 2 } });

    await user.click(within(dialog()).getByRole('button', { name: 'Undo' }));
    expect(await within(dialog()).findByText('spec.predictor.minReplicas: 2 → 1')).toBeInTheDocument();
    expect(state.patches.at(-1)).toEqual({
      dryRun: true,
      body: { metadata: { resourceVersion: '11' }, spec: { predictor: { minReplicas: 1 } } },
    });
    await user.click(within(dialog()).getByRole('button', { name: 'Apply' }));
    expect(await within(dialog()).findByText(/Recorded as revision 6/)).toBeInTheDocument();
    expect(state.obj.spec).toMatchObject({ predictor: { minReplicas: 1 } });
    // one step only: no undo of the undo
    expect(within(dialog()).queryByRole('button', { name: 'Undo' })).toBeNull();
    await user.click(within(dialog()).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('button', { name: /^Undo:/ })).toBeNull();
  });

  it('names the field that is wrong and sends nothing', async () => {
    const state = fakeCluster();
    const { user } = await renderActions();
    await user.click(screen.getByRole('button', { name: 'Scale…' }));
    const max = within(dialog()).getByRole('textbox', { name: /Maximum replicas/ });
    await user.type(max, 'x');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    expect(max).toHaveAttribute('aria-invalid', 'true');
    expect(max).toHaveAccessibleDescription('maxReplicas must be a whole number, 0 or more.');
    expect(max).toHaveFocus();
    await user.clear(max);
    await user.type(max, '0');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    expect(max).toHaveAccessibleDescription('maxReplicas must be at least 1.');
    expect(state.patches).toEqual([]);
  });

  it('changes the storage URI, refusing a scheme KServe does not support', async () => {
    const state = fakeCluster();
    const { user } = await renderActions();
    await user.click(screen.getByRole('button', { name: 'Change model…' }));
    const uri = within(dialog()).getByRole('textbox', { name: /Storage URI \(spec\.predictor\.model\.storageUri\)/ });
    expect(uri).toHaveValue('gs://b/v1');
    await user.clear(uri);
    await user.type(uri, 'ftp://b/v2');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    expect(uri).toHaveAccessibleDescription(/storageUri: storageUri, must be one of/);
    await user.clear(uri);
    await user.type(uri, 'gs://b/v2');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    expect(await within(dialog()).findByText('spec.predictor.model.storageUri: gs://b/v1 → gs://b/v2')).toBeVisible();
    await user.click(within(dialog()).getByRole('button', { name: 'Apply' }));
    await within(dialog()).findByText(/Recorded as revision 5/);
    expect(state.obj.spec).toMatchObject({ predictor: { model: { storageUri: 'gs://b/v2' } } });
    await user.click(within(dialog()).getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('button', { name: 'Undo: model change' })).toBeInTheDocument();
  });

  it('on a 409 shows the live values and checks again against the latest', async () => {
    const state = fakeCluster();
    const { user } = await renderActions();
    await user.click(screen.getByRole('button', { name: 'Scale…' }));
    const min = within(dialog()).getByRole('textbox', { name: /Minimum replicas/ });
    await user.clear(min);
    await user.type(min, '3');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    await within(dialog()).findByText('spec.predictor.minReplicas: 1 → 3');
    // someone else scales in between
    state.obj = {
      ...state.obj,
      metadata: { ...(state.obj.metadata as Obj), resourceVersion: '20' },
      spec: { predictor: { minReplicas: 2, model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://b/v1' } } },
    };
    await user.click(within(dialog()).getByRole('button', { name: 'Apply' }));
    const alert = await within(dialog()).findByRole('alert');
    expect(alert).toHaveTextContent('iris changed since you looked');
    expect(alert).toHaveTextContent('spec.predictor.minReplicas: 2');
    await user.click(within(alert).getByRole('button', { name: 'Check again against the latest' }));
    expect(await within(dialog()).findByText('spec.predictor.minReplicas: 2 → 3')).toBeInTheDocument();
    await user.click(within(dialog()).getByRole('button', { name: 'Apply' }));
    await within(dialog()).findByText(/Recorded as revision 5/);
    expect(state.patches.at(-1)?.body).toMatchObject({ metadata: { resourceVersion: '20' } });
  });

  it('the undo is not sent when the fields moved since the change', async () => {
    const state = fakeCluster();
    const { user } = await renderActions();
    await user.click(screen.getByRole('button', { name: 'Scale…' }));
    const min = within(dialog()).getByRole('textbox', { name: /Minimum replicas/ });
    await user.clear(min);
    await user.type(min, '2');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    await user.click(await within(dialog()).findByRole('button', { name: 'Apply' }));
    await within(dialog()).findByText(/Recorded as revision 5/);
    await user.click(within(dialog()).getByRole('button', { name: 'Close' }));
    state.obj = {
      ...state.obj,
      spec: { predictor: { ...(state.obj.spec as { predictor: Obj }).predictor, minReplicas: 4 } },
    };
    const sent = state.patches.length;
    await user.click(screen.getByRole('button', { name: 'Undo: scale' }));
    const alert = await within(dialog()).findByRole('alert');
    expect(alert).toHaveTextContent('These fields are no longer what this change expects');
    expect(alert).toHaveTextContent('spec.predictor.minReplicas: 4');
    expect(state.patches.length).toBe(sent);
  });

  it('a 403 says who may not do what, and the form keeps its values', async () => {
    fakeCluster({ forbid: true });
    const { user } = await renderActions();
    await user.click(screen.getByRole('button', { name: 'Scale…' }));
    const min = within(dialog()).getByRole('textbox', { name: /Minimum replicas/ });
    await user.clear(min);
    await user.type(min, '5');
    await user.click(within(dialog()).getByRole('button', { name: 'Check (dry run)' }));
    const alert = await within(dialog()).findByRole('alert');
    expect(alert).toHaveTextContent('Could not apply the change');
    expect(alert).toHaveTextContent('cannot patch resource "inferenceservices"');
    await user.click(within(dialog()).getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(within(dialog()).getByRole('textbox', { name: /Minimum replicas/ })).toHaveValue('5'));
  });
});
