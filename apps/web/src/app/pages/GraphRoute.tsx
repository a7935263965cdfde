import { useParams } from 'react-router';
import { GRAPH_TABS, GraphDetailsPage, type GraphTab } from '@/features/graphs';
import { NotFound } from '../NotFound';

export function GraphRoute() {
  const { ns = '', name = '', tab = 'overview' } = useParams();
  if (!GRAPH_TABS.includes(tab as GraphTab)) return <NotFound />;
  return <GraphDetailsPage key={`${ns}/${name}`} ns={ns} name={name} tab={tab as GraphTab} />;
}
