import { ALL_NAMESPACES } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { Loading } from '@/components/States';
import { namespacesQuery, SessionGate } from '@/features/session';
import { useTranslation } from '@/i18n';
import { lastNamespace } from './namespace-memory';

/** `/` → the namespace used last, else the only one the user has, else all namespaces. */
export function RootRedirect() {
  return (
    <SessionGate>
      <PickNamespace />
    </SessionGate>
  );
}

function PickNamespace() {
  const { t } = useTranslation();
  const q = useQuery(namespacesQuery);
  if (q.isPending) return <Loading what={t('what.namespaces')} />;
  const names = q.data?.items.map((n) => n.name) ?? [];
  const last = lastNamespace();
  const ns =
    last && (last === ALL_NAMESPACES || names.includes(last))
      ? last
      : names.length === 1 && names[0]
        ? names[0]
        : ALL_NAMESPACES;
  return <Navigate to={`/ns/${encodeURIComponent(ns)}`} replace />;
}
