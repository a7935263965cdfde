import { INFERENCE_GRAPH, inferenceGraphSchema } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Badge } from '@/components/Badge';
import { KindYamlTab } from '@/components/kind/KindYamlTab';
import { ErrorState, Loading } from '@/components/States';
import { useTranslation } from '@/i18n';
import { kindDraftKey } from '@/lib/drafts';
import { errorDetail } from '@/lib/error-detail';
import { PHASE_TONE } from '@/lib/isvc-display';
import { graphKeys, graphQuery } from '../api/graphs';
import { useGraphWatch } from '../hooks/useGraphWatch';
import { useGraphsT } from '../i18n';
import { GraphConsole } from './GraphConsole';
import { GraphOverview } from './GraphOverview';

export const GRAPH_TABS = ['overview', 'yaml', 'console'] as const;
export type GraphTab = (typeof GRAPH_TABS)[number];

/** One InferenceGraph: overview with its drawing, YAML with the CRD schema, and a console to its router. */
export function GraphDetailsPage({ ns, name, tab }: { ns: string; name: string; tab: GraphTab }) {
  const t = useGraphsT();
  const { t: app } = useTranslation();
  const raw = useQuery(graphQuery(ns, name));
  useGraphWatch(ns, name);
  const graph = useMemo(() => (raw.data ? inferenceGraphSchema.safeParse(raw.data).data : undefined), [raw.data]);
  const base = `/ns/${encodeURIComponent(ns)}/graphs/${encodeURIComponent(name)}`;
  if (raw.isPending) return <Loading what={t('loadingOne')} />;
  if (raw.isError || !graph || !raw.data) {
    return <ErrorState title={t('readFailed', { name })} detail={raw.isError ? errorDetail(raw.error) : undefined} />;
  }
  const status = INFERENCE_GRAPH.status(raw.data);
  return (
    <div className="page">
      <p>
        <Link to={`/ns/${encodeURIComponent(ns)}/graphs`}>{t('back')}</Link>
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        <Badge tone={PHASE_TONE[status.phase]} title={status.message}>
          {app(`phase.${status.phase}`)}
        </Badge>
        {status.reason && status.phase !== 'Ready' ? <span className="muted">{status.reason}</span> : null}
      </div>
      <nav className="tabs" aria-label={t('tabs.label')}>
        {GRAPH_TABS.map((id) => (
          <Link key={id} to={`${base}/${id}`} aria-current={id === tab ? 'page' : undefined} className="tab">
            {t(`tabs.${id}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'overview' ? <GraphOverview graph={graph} /> : null}
        {tab === 'yaml' ? (
          <KindYamlTab
            kind={INFERENCE_GRAPH}
            ns={ns}
            name={name}
            live={raw.data}
            queryKey={graphKeys.one(ns, name)}
            draftKey={kindDraftKey('graphs', ns, name)}
            t={t}
          />
        ) : null}
        {tab === 'console' ? <GraphConsole ns={ns} name={name} url={graph.status?.url} /> : null}
      </div>
    </div>
  );
}
