import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FieldOwnersList } from '../src/features/history/components/FieldOwnersList';

const live = {
  metadata: {
    name: 'iris',
    annotations: { 'serving.kserve.io/stop': 'true' },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        time: '2026-12-06T01:00:00Z',
        fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:serving.kserve.io/stop': {} } } },
      },
      {
        manager: 'servedeck',
        operation: 'Update',
        time: '2026-12-06T02:00:00Z',
        fieldsV1: { 'f:spec': { 'f:predictor': { 'f:minReplicas': {} } } },
      },
      {
        manager: 'kserve-controller',
        operation: 'Update',
        subresource: 'status',
        time: '2026-12-06T03:00:00Z',
        fieldsV1: { 'f:status': { 'f:url': {} } },
      },
    ],
  },
  spec: { predictor: { minReplicas: 2 } },
  status: { url: 'http://x' },
};

describe('History tab: who set each field', () => {
  it('lists every field with its manager, operation and time, status claims left out', () => {
    render(<FieldOwnersList live={live} />);
    const table = within(screen.getByRole('region', { name: 'Who set each field' })).getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual([
      'metadata.annotations[serving.kserve.io/stop]',
      'spec.predictor.minReplicas',
    ]);
    expect(rows[0]).toHaveTextContent('kubectl-client-side-apply');
    expect(rows[1]).toHaveTextContent('servedeck');
    expect(within(rows[1] as HTMLElement).getByRole('time')).toHaveAttribute('datetime', '2026-12-06T02:00:00Z');
    expect(table).not.toHaveTextContent('status.url');
  });

  it('says so when nothing is recorded', () => {
    render(<FieldOwnersList live={{ metadata: { managedFields: 'not a list' } }} />);
    expect(screen.getByText('No field managers recorded.')).toBeInTheDocument();
  });
});
