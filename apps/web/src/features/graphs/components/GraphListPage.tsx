import { INFERENCE_GRAPH } from '@servedeck/shared';
import { KindListPage } from '@/components/kind/KindListPage';
import { graphKeys } from '../api/graphs';
import { useGraphsT } from '../i18n';

/** The InferenceGraphs of a namespace (or all the user may use), live from the watch stream. */
export function GraphListPage({ ns }: { ns: string }) {
  const t = useGraphsT();
  return (
    <KindListPage
      kind={INFERENCE_GRAPH}
      keys={graphKeys}
      section="graphs"
      ns={ns}
      t={t}
      columns={[
        { key: 'router', header: t('columns.router'), cell: (r) => String(r.columns.rootRouter ?? '–') },
        { key: 'nodes', header: t('columns.nodes'), className: 'num', cell: (r) => String(r.columns.nodes ?? 0) },
        { key: 'steps', header: t('columns.steps'), className: 'num', cell: (r) => String(r.columns.steps ?? 0) },
      ]}
    />
  );
}
