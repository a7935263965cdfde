import { INFERENCE_GRAPH, inferenceGraphSchema } from '@servedeck/shared';
import { KindDetailsShell } from '@/components/kind/KindDetailsShell';
import { graphKeys } from '../api/graphs';
import { useGraphsT } from '../i18n';
import { GraphConsole } from './GraphConsole';
import { GraphOverview } from './GraphOverview';

export const GRAPH_TABS = ['overview', 'yaml', 'console'] as const;
export type GraphTab = (typeof GRAPH_TABS)[number];

/** One InferenceGraph: overview with its drawing, YAML with the CRD schema, and a console to its router. */
export function GraphDetailsPage({ ns, name, tab }: { ns: string; name: string; tab: GraphTab }) {
  const t = useGraphsT();
  return (
    <KindDetailsShell
      kind={INFERENCE_GRAPH}
      keys={graphKeys}
      section="graphs"
      ns={ns}
      name={name}
      tabs={GRAPH_TABS}
      tab={tab}
      t={t}
      schema={inferenceGraphSchema}
    >
      {(graph) =>
        tab === 'console' ? (
          <GraphConsole ns={ns} name={name} url={graph.status?.url} />
        ) : (
          <GraphOverview graph={graph} />
        )
      }
    </KindDetailsShell>
  );
}
