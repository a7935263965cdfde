import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CreateIsvcPage } from '../src/features/yaml-editor';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

/** A namespace ServingRuntime the user made: an ONNX server, auto-selected. */
const teamOnnx = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'ServingRuntime',
  metadata: { name: 'team-onnx', namespace: ns, creationTimestamp: '2026-12-01T00:00:00Z' },
  spec: {
    supportedModelFormats: [{ name: 'onnx', version: '1', autoSelect: true }],
    protocolVersions: ['v2'],
    containers: [{ name: 'kserve-container', image: 'example.com/onnx:1' }],
  },
};

function runtimes(cluster: 'ok' | 'forbidden' = 'ok') {
  return [
    http.get(apiPaths.servingRuntimes(ns), () => HttpResponse.json({ items: [teamOnnx], warnings: [] })),
    http.get(apiPaths.clusterServingRuntimes(), () =>
      cluster === 'ok'
        ? HttpResponse.json({ items: [fixtures.sklearnRuntime, fixtures.mlserverRuntime], warnings: [] })
        : HttpResponse.json(
            {
              status: 403,
              reason: 'Forbidden',
              message: 'clusterservingruntimes.serving.kserve.io is forbidden: User "alice@example.com" cannot list',
              causes: [],
            },
            { status: 403 },
          ),
    ),
  ];
}

function renderCreate() {
  renderAt(<CreateIsvcPage ns={ns} />, { url: `/ns/${ns}/create`, path: '/ns/:ns/create' });
}
const yaml = async () =>
  (await screen.findByRole('textbox', { name: 'New InferenceService YAML' })) as HTMLTextAreaElement;
const form = () => screen.getByRole('region', { name: 'Guided form' });

describe('Create: the guided form', () => {
  it('offers the formats and runtimes the cluster has, and writes the choices into the YAML', async () => {
    server.use(handlers.schema(), ...runtimes());
    const user = userEvent.setup();
    renderCreate();
    const ta = await yaml();
    const format = within(form()).getByRole('combobox', { name: 'Model format' });
    await waitFor(() =>
      expect([...(format as HTMLSelectElement).options].map((o) => o.value)).toEqual([
        '',
        'lightgbm',
        'onnx',
        'sklearn',
        'xgboost',
      ]),
    );
    // The starting draft is read into the form.
    expect(format).toHaveValue('sklearn');
    const runtime = within(form()).getByRole('combobox', { name: 'Runtime' });
    expect(runtime).toHaveDisplayValue('Chosen by KServe: kserve-sklearnserver');
    expect(within(form()).getByText('KServe will run it on kserve-sklearnserver with protocol v1.')).toBeVisible();

    await user.selectOptions(format, 'onnx');
    expect(ta.value).toMatch(/modelFormat:\n {8}name: onnx\n/);
    // KServe matches a model without a protocol as v1; team-onnx speaks v2 only, so v2 is written.
    expect(ta.value).toContain('protocolVersion: v2');
    expect(runtime).toHaveDisplayValue('Chosen by KServe: team-onnx');
    expect(within(runtime).getByRole('option', { name: 'team-onnx (namespace, auto-select)' })).toBeInTheDocument();

    await user.selectOptions(format, 'sklearn');
    await user.selectOptions(within(form()).getByRole('combobox', { name: 'Protocol' }), 'v2');
    // On v2 MLServer's sklearn priority (2) beats the sklearn server's (1), as in KServe.
    expect(runtime).toHaveDisplayValue('Chosen by KServe: kserve-mlserver');
    await user.selectOptions(runtime, 'kserve-sklearnserver');
    expect(ta.value).toContain('runtime: kserve-sklearnserver');
    expect(ta.value).toContain('protocolVersion: v2');

    const name = within(form()).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'iris-2');
    expect(ta.value).toContain('name: iris-2');
  });

  it('reads what is typed in the YAML back into the form, and flags what KServe would refuse', async () => {
    server.use(handlers.schema(), ...runtimes());
    const user = userEvent.setup();
    renderCreate();
    const ta = await yaml();
    fireEvent.change(ta, {
      target: {
        value:
          'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: Bad_Name\nspec:\n  predictor:\n    minReplicas: 3\n    maxReplicas: 2\n    model:\n      modelFormat:\n        name: sklearn\n      runtime: kserve-mlserver\n      protocolVersion: v1\n      storageUri: ftp://host/model\n',
      },
    });
    const name = within(form()).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Bad_Name');
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription(/Lower-case letters, digits/);
    const uri = within(form()).getByRole('textbox', { name: 'Storage URI' });
    expect(uri).toHaveAccessibleDescription(/ftp:\/\/ is not a scheme KServe reads/);
    expect(within(form()).getByRole('combobox', { name: 'Runtime' })).toHaveAccessibleDescription(
      'This runtime does not speak this protocol.',
    );
    expect(within(form()).getByRole('textbox', { name: 'Min replicas' })).toHaveAccessibleDescription(
      'Min replicas is above max replicas.',
    );
    // Fixing a field in the form changes only that line of the YAML.
    await user.clear(uri);
    await user.type(uri, 's3://models/iris');
    expect(ta.value).toContain('storageUri: s3://models/iris');
    expect(ta.value).toContain('name: Bad_Name');
    expect(uri).not.toHaveAttribute('aria-invalid');
  });

  it('keeps offering the namespace runtimes when ClusterServingRuntimes may not be listed', async () => {
    server.use(handlers.schema(), ...runtimes('forbidden'));
    renderCreate();
    await yaml();
    expect(await within(form()).findByText(/Could not read the ClusterServingRuntimes/)).toBeVisible();
    const format = within(form()).getByRole('combobox', { name: 'Model format' });
    // The draft's sklearn stays, marked: only the namespace's ONNX runtime is visible.
    await waitFor(() =>
      expect([...(format as HTMLSelectElement).options].map((o) => o.text)).toEqual([
        'Choose…',
        'sklearn (no runtime offers it)',
        'onnx',
      ]),
    );
    expect(format).toHaveValue('sklearn');
  });

  it('steps aside while the YAML holds several documents, and the YAML keeps them', async () => {
    server.use(handlers.schema(), ...runtimes());
    renderCreate();
    const ta = await yaml();
    const two = 'metadata:\n  name: a\n---\nmetadata:\n  name: b\n';
    fireEvent.change(ta, { target: { value: two } });
    expect(within(form()).getByText(/several documents/)).toBeVisible();
    expect(within(form()).getByRole('textbox', { name: 'Name' })).toBeDisabled();
    expect(ta.value).toBe(two);
  });
});
