import { useParams } from 'react-router';
import { RuntimesPage } from '@/features/runtimes';

export function RuntimesRoute() {
  const { ns = '' } = useParams();
  return <RuntimesPage ns={ns} />;
}
