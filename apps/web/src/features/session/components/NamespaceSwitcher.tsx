import { ALL_NAMESPACES } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/i18n';
import { namespacesQuery } from '../api/session';

/** Only the namespaces the user may use (the BFF asks Kubernetes), plus "all namespaces". */
export function NamespaceSwitcher({ value, onChange }: { value: string; onChange: (ns: string) => void }) {
  const { t } = useTranslation();
  const q = useQuery(namespacesQuery);
  const names = q.data?.items.map((n) => n.name) ?? [];
  const known = value === ALL_NAMESPACES || names.includes(value);
  return (
    <label className="ns-switcher">
      <span>{t('session.namespace')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={q.isPending}>
        <option value={ALL_NAMESPACES}>{t('session.allNamespaces')}</option>
        {!known && value ? <option value={value}>{value}</option> : null}
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {q.isError ? <span className="muted small"> {t('session.cannotListNamespaces')}</span> : null}
    </label>
  );
}
