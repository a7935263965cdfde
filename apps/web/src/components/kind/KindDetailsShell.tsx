import type { ResourceKind } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import { ErrorState, Loading } from '@/components/States';
import { kindDraftKey } from '@/lib/drafts';
import { errorDetail } from '@/lib/error-detail';
import { type KindKeys, kindQuery } from '@/lib/kind-queries';
import { useKindWatch } from '@/lib/kind-watch';
import { type KindYamlKey, KindYamlTab } from './KindYamlTab';
import type { KindT } from './kind-t';
import { StatusBadge } from './StatusBadge';

/** The keys of a kind's catalogue the details page reads (besides `tabs.<tab>` and the YAML tab's). */
export type KindDetailsKey = 'loadingOne' | 'readFailed' | 'back' | 'tabs.label';

export type KindDetailsShellProps<Tab extends string, Obj> = {
  kind: ResourceKind;
  /** The feature's key tree (kindKeys): the object is read and watched there. */
  keys: KindKeys;
  /** The kind's path segment: `/ns/NS/SECTION` is its list, `/ns/NS/SECTION/NAME/TAB` a tab of one object. */
  section: string;
  ns: string;
  name: string;
  /** The tabs in order; `yaml` (if listed) is the shared YAML tab. */
  tabs: readonly Tab[];
  tab: Tab;
  t: KindT<KindDetailsKey | KindYamlKey | `tabs.${NoInfer<Tab>}`>;
  /** How the feature's views read the object; one that does not parse is shown as a read failure. */
  schema: z.ZodType<Obj>;
  /** The selected tab's content, for every tab but `yaml`. */
  children: (obj: Obj, raw: Record<string, unknown>) => ReactNode;
};

/** One object of a registry kind: back link, name and status badge, tabs, and the selected tab (kept live). */
export function KindDetailsShell<Tab extends string, Obj>(props: KindDetailsShellProps<Tab, Obj>) {
  const { kind, keys, section, ns, name, tabs, tab, t, schema, children } = props;
  const raw = useQuery(kindQuery(kind, keys, ns, name));
  useKindWatch(kind, keys, ns, name);
  const obj = useMemo(() => (raw.data ? schema.safeParse(raw.data).data : undefined), [raw.data, schema]);
  const list = `/ns/${encodeURIComponent(ns)}/${section}`;
  const base = `${list}/${encodeURIComponent(name)}`;
  if (raw.isPending) return <Loading what={t('loadingOne')} />;
  if (raw.isError || obj === undefined || !raw.data) {
    return <ErrorState title={t('readFailed', { name })} detail={raw.isError ? errorDetail(raw.error) : undefined} />;
  }
  const status = kind.status(raw.data);
  return (
    <div className="page">
      <p>
        <Link to={list}>{t('back')}</Link>
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        <StatusBadge status={status} />
        {status.reason && status.phase !== 'Ready' ? <span className="muted">{status.reason}</span> : null}
      </div>
      <nav className="tabs" aria-label={t('tabs.label')}>
        {tabs.map((id) => (
          <Link key={id} to={`${base}/${id}`} aria-current={id === tab ? 'page' : undefined} className="tab">
            {t(`tabs.${id}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'yaml' ? (
          <KindYamlTab
            kind={kind}
            ns={ns}
            name={name}
            live={raw.data}
            queryKey={keys.one(ns, name)}
            draftKey={kindDraftKey(section, ns, name)}
            t={t}
          />
        ) : (
          children(obj, raw.data)
        )}
      </div>
    </div>
  );
}
