import { apiPaths } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { fireEvent, screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { IsvcYamlEditor } from '../src/features/yaml-editor';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const name = 'sklearn-iris';
const live = {
  ...fixtures.readyIsvc,
  metadata: {
    ...fixtures.readyIsvc.metadata,
    managedFields: [
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2026-12-06T05:00:00Z',
        fieldsV1: { 'f:spec': { 'f:predictor': { 'f:minReplicas': {} } } },
      },
    ],
  },
};

describe('the YAML tab says who last set the field on the cursor line', () => {
  it('names the manager, operation and absolute time, and says when nobody claims the line', async () => {
    server.use(
      http.get(apiPaths.isvc(ns, name), () => HttpResponse.json(live)),
      handlers.schema(),
    );
    renderAt(<IsvcYamlEditor ns={ns} name={name} />, {
      url: `/ns/${ns}/isvc/${name}/yaml`,
      path: '/ns/:ns/isvc/:name/:tab',
    });
    const ta = (await screen.findByRole('textbox', {
      name: `YAML of InferenceService ${name}`,
    })) as HTMLTextAreaElement;
    expect(screen.getByText(/Hover a line, or move the cursor to it/)).toBeInTheDocument();
    const at = ta.value.indexOf('minReplicas:');
    expect(at).toBeGreaterThan(0);
    const line = ta.value.slice(0, at).split('\n').length;
    ta.setSelectionRange(at + 3, at + 3);
    fireEvent.select(ta);
    const status = await screen.findByText(new RegExp(`^Line ${line}, spec\\.predictor\\.minReplicas:`));
    expect(status).toHaveTextContent('last set by kubectl-edit (Update), Dec 6, 2026');
    ta.setSelectionRange(0, 0);
    fireEvent.select(ta);
    expect(await screen.findByText('Line 1: no field manager claims this line.')).toBeInTheDocument();
  });
});
