import { ALL_NAMESPACES } from '@servedeck/shared';
import { useParams } from 'react-router';
import { GraphListPage } from '@/features/graphs';

export function GraphsRoute() {
  const { ns = ALL_NAMESPACES } = useParams();
  return <GraphListPage key={ns} ns={ns} />;
}
