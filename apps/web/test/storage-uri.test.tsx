import { diagnoseIsvc, type InferenceService, inferenceServiceSchema } from '@servedeck/shared';
import * as fixtures from '@servedeck/shared/fixtures';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ComponentsTab } from '../src/features/isvc-details/components/ComponentsTab';
import { OverviewTab } from '../src/features/isvc-details/components/OverviewTab';

const withUri = inferenceServiceSchema.parse(fixtures.readyIsvc);
const hostileUri = 'gs://bucket/<img src=x onerror=alert(1)>';
const hostile = inferenceServiceSchema.parse({
  ...fixtures.readyIsvc,
  spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: hostileUri } } },
});
const customContainer = inferenceServiceSchema.parse({
  ...fixtures.readyIsvc,
  spec: { predictor: { containers: [{ name: 'kserve-container', image: 'example.com/model:1' }] } },
});

/** The value (`dd`) of the key/value entry named `term` inside `scope`. */
function entryValue(scope: HTMLElement, term: string): HTMLElement {
  const dt = within(scope).getByText(term, { selector: 'dt' });
  const dd = dt.nextElementSibling;
  if (!(dd instanceof HTMLElement) || dd.tagName !== 'DD') throw new Error(`no value for ${term}`);
  return dd;
}

const renderers: [string, (isvc: InferenceService) => HTMLElement][] = [
  [
    'overview summary',
    (isvc) => {
      render(<OverviewTab isvc={isvc} diagnosis={diagnoseIsvc({ isvc })} />);
      return screen.getByRole('region', { name: 'Summary' });
    },
  ],
  [
    'predictor component',
    (isvc) => {
      render(<ComponentsTab isvc={isvc} />);
      return screen.getByRole('region', { name: 'Predictor' });
    },
  ],
];

describe.each(renderers)('Storage URI in the %s', (_where, renderIn) => {
  it('shows the model storage URI in monospace', () => {
    const dd = entryValue(renderIn(withUri), 'Storage URI');
    expect(dd).toHaveTextContent('gs://kfserving-examples/models/sklearn/1.0/model');
    expect(within(dd).getByText('gs://kfserving-examples/models/sklearn/1.0/model')).toHaveClass('mono');
  });

  it('shows a dash when the spec names none (custom container)', () => {
    const dd = entryValue(renderIn(customContainer), 'Storage URI');
    expect(dd).toHaveTextContent(/^—$/);
    expect(dd.querySelector('.mono')).toBeNull();
  });

  it('shows a URI carrying HTML as text', () => {
    const dd = entryValue(renderIn(hostile), 'Storage URI');
    expect(dd).toHaveTextContent(hostileUri);
    expect(dd.querySelector('img')).toBeNull();
  });
});
