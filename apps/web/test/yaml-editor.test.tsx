import { apiPaths, CSRF_HEADER } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SessionGate } from '../src/features/session';
import { CreateIsvcPage, IsvcYamlEditor } from '../src/features/yaml-editor';
import { draftKey } from '../src/lib/drafts';
import { setCsrfToken } from '../src/lib/http';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const name = 'sklearn-iris';
const live = {
  ...fixtures.readyIsvc,
  metadata: { ...fixtures.readyIsvc.metadata, managedFields: [{ manager: 'kubectl' }] },
};

function renderEditor() {
  return renderAt(<IsvcYamlEditor ns={ns} name={name} />, {
    url: `/ns/${ns}/isvc/${name}/yaml`,
    path: '/ns/:ns/isvc/:name/:tab',
  });
}
const editor = () => screen.findByRole('textbox', { name: `YAML of InferenceService ${name}` });
const withMinReplicas = (v: string) =>
  `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
  namespace: ${ns}
  resourceVersion: "1001"
spec:
  predictor:
    minReplicas: ${v}
    model:
      modelFormat:
        name: sklearn
      storageUri: gs://kfserving-examples/models/sklearn/1.0/model
`;

describe('YAML editor', () => {
  it('shows the live object without status or managedFields', async () => {
    server.use(
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
      handlers.schema(),
    );
    renderEditor();
    const ta = (await editor()) as HTMLTextAreaElement;
    expect(ta.value).toContain('name: sklearn-iris');
    expect(ta.value).not.toContain('managedFields');
    expect(ta.value).not.toContain('status:');
  });

  it('flags the seed typo ProtocolVersion at its line with "did you mean protocolVersion?"', async () => {
    server.use(
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
      handlers.schema(),
    );
    renderEditor();
    fireEvent.change(await editor(), { target: { value: fixtures.seedTypoYaml } });
    const problems = await screen.findByRole('region', { name: /problem/ });
    expect(within(problems).getByRole('button', { name: 'Line 10, column 7' })).toBeInTheDocument();
    expect(problems).toHaveTextContent(
      'Unknown field "ProtocolVersion" in spec.predictor.sklearn: did you mean protocolVersion?',
    );
  });

  it('dry-runs first and maps server field errors to the line of the field', async () => {
    setCsrfToken('csrf-123');
    const seen: { url: string; csrf: string | null }[] = [];
    server.use(
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
      handlers.schema(),
      http.put(apiPaths.isvc(ns, name), ({ request }) => {
        seen.push({ url: request.url, csrf: request.headers.get(CSRF_HEADER) });
        return HttpResponse.json(
          {
            status: 422,
            reason: 'Invalid',
            message:
              'InferenceService.serving.kserve.io "sklearn-iris" is invalid: spec.predictor.minReplicas: Invalid value: "string"',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: "string": spec.predictor.minReplicas in body must be of type integer',
                field: 'spec.predictor.minReplicas',
              },
            ],
          },
          { status: 422 },
        );
      }),
    );
    const user = userEvent.setup();
    renderEditor();
    const text = withMinReplicas('"two"');
    fireEvent.change(await editor(), { target: { value: text } });
    await user.click(screen.getByRole('button', { name: 'Review and apply' }));
    const problems = await screen.findByRole('region', { name: /problem/ });
    expect(within(problems).getByRole('button', { name: 'Line 9, column 5' })).toBeInTheDocument();
    expect(problems).toHaveTextContent('spec.predictor.minReplicas: Invalid value');
    const q = new URL(seen[0]?.url ?? '').searchParams;
    expect([q.get('dryRun'), q.get('fieldValidation'), seen[0]?.csrf]).toEqual(['All', 'Strict', 'csrf-123']);
    expect(((await editor()) as HTMLTextAreaElement).value).toBe(text);
  });

  it('shows the diff after a clean dry run, applies, and on 409 lets the user take theirs', async () => {
    const theirs = { ...live, metadata: { ...live.metadata, resourceVersion: '1009', labels: { team: 'other' } } };
    let calls = 0;
    server.use(
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
      handlers.schema(),
      http.put(apiPaths.isvc(ns, name), ({ request }) => {
        calls++;
        if (new URL(request.url).searchParams.get('dryRun') === 'All')
          return HttpResponse.json({ object: live, warnings: [] });
        return HttpResponse.json(
          {
            status: 409,
            reason: 'Conflict',
            message: 'the object has been modified; please apply your changes to the latest version',
            causes: [],
            live: theirs,
          },
          { status: 409 },
        );
      }),
    );
    const user = userEvent.setup();
    renderEditor();
    fireEvent.change(await editor(), { target: { value: withMinReplicas('2') } });
    await user.click(screen.getByRole('button', { name: 'Review and apply' }));
    const review = await screen.findByRole('region', { name: /^Review/ });
    expect(within(review).getByText('Live')).toBeInTheDocument();
    await user.click(within(review).getByRole('button', { name: 'Apply' }));
    const conflict = await screen.findByRole('region', { name: /changed sklearn-iris since you started/ });
    expect(within(conflict).getByRole('button', { name: 'Keep mine' })).toBeInTheDocument();
    expect(within(conflict).getByRole('button', { name: 'Use the merged text' })).toBeInTheDocument();
    await user.click(within(conflict).getByRole('button', { name: 'Take theirs' }));
    expect(((await editor()) as HTMLTextAreaElement).value).toContain('team: other');
    expect(calls).toBe(2);
  });

  it('keeps the text through a 401 and restores it after signing in again', async () => {
    server.use(
      handlers.me(),
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
      handlers.schema(),
      http.put(apiPaths.isvc(ns, name), () =>
        HttpResponse.json(
          { status: 401, reason: 'Unauthenticated', message: 'Log in to continue', causes: [] },
          { status: 401 },
        ),
      ),
    );
    const user = userEvent.setup();
    const first = renderAt(
      <SessionGate>
        <IsvcYamlEditor ns={ns} name={name} />
      </SessionGate>,
      { url: `/ns/${ns}/isvc/${name}/yaml`, path: '/ns/:ns/isvc/:name/:tab' },
    );
    const mine = withMinReplicas('3');
    fireEvent.change(await editor(), { target: { value: mine } });
    await user.click(screen.getByRole('button', { name: 'Review and apply' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Session expired — sign in again' });
    expect(within(dialog).getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
      'href',
      `/auth/login?returnTo=${encodeURIComponent('/')}`,
    );
    expect(sessionStorage.getItem(draftKey('edit', ns, name))).toBe(mine);
    first.unmount();

    // Back from the identity provider: a fresh app, the same tab.
    renderEditor();
    await waitFor(async () => expect(((await editor()) as HTMLTextAreaElement).value).toBe(mine));
    expect(screen.getByText(/Restored your unsaved changes/)).toBeInTheDocument();
  });
});

describe('Create', () => {
  it('fills the namespace into templates and creates every document after dry-running them all', async () => {
    const posts: { dryRun: string | null; name: string; namespace: string }[] = [];
    server.use(
      handlers.schema(),
      http.get(apiPaths.servingRuntimes(ns), () => HttpResponse.json({ items: [], warnings: [] })),
      http.get(apiPaths.clusterServingRuntimes(), () =>
        HttpResponse.json({ items: [fixtures.sklearnRuntime, fixtures.mlserverRuntime], warnings: [] }),
      ),
      http.post(apiPaths.isvcs(ns), async ({ request }) => {
        const body = (await request.json()) as { metadata: { name: string; namespace: string } };
        posts.push({
          dryRun: new URL(request.url).searchParams.get('dryRun'),
          name: body.metadata.name,
          namespace: body.metadata.namespace,
        });
        return HttpResponse.json({ object: body, warnings: [] }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderAt(<CreateIsvcPage ns={ns} />, { url: `/ns/${ns}/create`, path: '/ns/:ns/create' });
    const ta = (await screen.findByRole('textbox', { name: 'New InferenceService YAML' })) as HTMLTextAreaElement;
    expect(ta.value).toContain(`namespace: ${ns}`);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Runtime' }), 'kserve-mlserver');
    expect(ta.value).toContain('runtime: kserve-mlserver');
    fireEvent.change(ta, {
      target: {
        value:
          'metadata:\n  name: a\nspec:\n  predictor:\n    sklearn:\n      storageUri: gs://x\n---\nmetadata:\n  name: b\nspec:\n  predictor:\n    xgboost:\n      storageUri: gs://y\n',
      },
    });
    await user.click(screen.getByRole('button', { name: 'Create 2 InferenceServices' }));
    await screen.findByRole('link', { name: 'b' });
    expect(posts).toEqual([
      { dryRun: 'All', name: 'a', namespace: ns },
      { dryRun: 'All', name: 'b', namespace: ns },
      { dryRun: null, name: 'a', namespace: ns },
      { dryRun: null, name: 'b', namespace: ns },
    ]);
  });
});
