import { ALL_NAMESPACES } from '@servedeck/shared';
import { useParams } from 'react-router';
import { IsvcListPage } from '@/features/isvc-list';

export function ListRoute() {
  const { ns = ALL_NAMESPACES } = useParams();
  return <IsvcListPage key={ns} ns={ns} />;
}
