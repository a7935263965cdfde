import { ALL_NAMESPACES } from '@servedeck/shared';
import { Navigate, useParams } from 'react-router';
import { CreateIsvcPage } from '@/features/yaml-editor';

export function CreateRoute() {
  const { ns = '' } = useParams();
  if (ns === ALL_NAMESPACES) return <Navigate to={`/ns/${ALL_NAMESPACES}`} replace />;
  return <CreateIsvcPage key={ns} ns={ns} />;
}
