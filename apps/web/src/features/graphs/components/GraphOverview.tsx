import { type InferenceGraph, layoutGraph } from '@servedeck/shared';
import { useMemo } from 'react';
import { type Column, DataTable } from '@/components/DataTable';
import { KeyValues } from '@/components/KeyValues';
import { useServiceStates } from '../hooks/useServiceStates';
import { useGraphsT } from '../i18n';
import { GraphDrawing } from './GraphDrawing';
import { GraphText } from './GraphText';

type Cond = NonNullable<NonNullable<InferenceGraph['status']>['conditions']>[number];

/** URL, mode, replicas, the drawing (with its text alternative) and the conditions of one graph. */
export function GraphOverview({ graph }: { graph: InferenceGraph }) {
  const t = useGraphsT();
  const ns = graph.metadata.namespace ?? '';
  const states = useServiceStates(ns);
  const layout = useMemo(() => layoutGraph(graph), [graph]);
  const none = t('overview.none');
  const conditions = graph.status?.conditions ?? [];
  const columns: Column<Cond>[] = [
    { key: 'type', header: t('overview.conditionType'), rowHeader: true, cell: (c) => c.type },
    { key: 'status', header: t('overview.conditionStatus'), cell: (c) => c.status },
    { key: 'reason', header: t('overview.conditionReason'), cell: (c) => c.reason ?? none },
    { key: 'message', header: t('overview.conditionMessage'), className: 'wrap', cell: (c) => c.message ?? none },
  ];
  return (
    <div className="graph-overview">
      <KeyValues
        items={[
          [
            t('overview.url'),
            <span key="url" className="mono">
              {graph.status?.url ?? none}
            </span>,
          ],
          [t('overview.mode'), graph.status?.deploymentMode ?? none],
          [t('overview.replicas'), `${graph.spec.minReplicas ?? none} / ${graph.spec.maxReplicas ?? none}`],
          [t('overview.timeout'), graph.spec.timeout === undefined ? none : String(graph.spec.timeout)],
        ]}
      />
      <GraphDrawing name={graph.metadata.name} ns={ns} layout={layout} states={states} />
      <GraphText layout={layout} states={states} />
      <h2>{t('overview.conditions')}</h2>
      {conditions.length ? (
        <DataTable
          caption={t('overview.conditions')}
          captionHidden
          columns={columns}
          rows={conditions}
          rowKey={(c) => c.type}
        />
      ) : (
        <p className="muted">{t('overview.noConditions')}</p>
      )}
    </div>
  );
}
