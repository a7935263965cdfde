import { kindApiPaths, TRAINED_MODEL } from '@servedeck/shared';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { TrainedModelsSection } from '../src/features/trained-models';
import { server } from './msw';
import { ns, renderAt } from './render';

const tm = (name: string, parent: string, ready: boolean) => ({
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'TrainedModel',
  metadata: { name, namespace: ns },
  spec: { inferenceService: parent, model: { framework: 'sklearn', storageUri: 'gs://b/iris', memory: '256Mi' } },
  status: {
    url: `http://${parent}-${ns}.example.com/v1/models/${name}:predict`,
    conditions: ready
      ? [{ type: 'Ready', status: 'True' }]
      : [
          { type: 'Ready', status: 'False' },
          {
            type: 'InferenceServiceReady',
            status: 'False',
            reason: 'InferenceServiceNotReady',
            message: 'Inference Service needs to be ready before Trained Model can be ready',
          },
        ],
  },
});

describe('Trained models under their InferenceService', () => {
  it('lists only the parent’s TrainedModels, each with its status and a console link', async () => {
    server.use(
      http.get(kindApiPaths.list(TRAINED_MODEL, ns), () =>
        HttpResponse.json({
          items: [tm('model2', 'mms', false), tm('model1', 'mms', true), tm('x', 'other', true)],
          warnings: [],
        }),
      ),
    );
    renderAt(<TrainedModelsSection ns={ns} isvc="mms" />, { url: `/ns/${ns}/isvc/mms`, path: '/ns/:ns/isvc/:name' });
    const section = await screen.findByRole('region', { name: 'Trained models' });
    const rows = (await within(section).findAllByRole('row')).slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['model1', 'model2']);
    expect(rows[0]).toHaveTextContent('Ready');
    expect(rows[1]).toHaveTextContent('InferenceServiceNotReady');
    expect(within(section).getByRole('link', { name: 'Test model2' })).toHaveAttribute(
      'href',
      `/ns/${ns}/console?isvc=mms&model=model2`,
    );
  });

  it('shows nothing for a single-model InferenceService', async () => {
    server.use(http.get(kindApiPaths.list(TRAINED_MODEL, ns), () => HttpResponse.json({ items: [], warnings: [] })));
    const { container } = renderAt(<TrainedModelsSection ns={ns} isvc="mms" />, {
      url: `/ns/${ns}/isvc/mms`,
      path: '/ns/:ns/isvc/:name',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(container).toBeEmptyDOMElement();
  });
});
