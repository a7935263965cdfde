import { ALL_NAMESPACES } from '@servedeck/shared';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { type ExtraColumn, IsvcListPage } from '@/features/isvc-list';
import { RequestSparkline, useNamespaceRates, useRequestsColumnLabel } from '@/features/metrics';

export function ListRoute() {
  const { ns = ALL_NAMESPACES } = useParams();
  // Requests/min per InferenceService from Prometheus: one namespace only, hidden when metrics are not configured.
  const { configured, rates } = useNamespaceRates(ns, ns !== ALL_NAMESPACES);
  const label = useRequestsColumnLabel();
  const extraColumn = useMemo<ExtraColumn | undefined>(
    () =>
      configured
        ? { id: 'requests', label, width: '8%', cell: (row) => <RequestSparkline rates={rates} name={row.name} /> }
        : undefined,
    [configured, label, rates],
  );
  return <IsvcListPage key={ns} ns={ns} extraColumn={extraColumn} />;
}
