import { LLM_INFERENCE_SERVICE, llmInferenceServiceSchema, llmUrls } from '@servedeck/shared';
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
import { llmKeys, llmQuery } from '../api/llm';
import { useLlmWatch } from '../hooks/useLlmWatch';
import { useLlmT } from '../i18n';
import { LlmConsole } from './LlmConsole';
import { LlmOverview } from './LlmOverview';

export const LLM_TABS = ['overview', 'yaml', 'console'] as const;
export type LlmTab = (typeof LLM_TABS)[number];

/** One LLMInferenceService: overview, YAML with the CRD schema, and the OpenAI console. */
export function LlmDetailsPage({ ns, name, tab }: { ns: string; name: string; tab: LlmTab }) {
  const t = useLlmT();
  const { t: app } = useTranslation();
  const raw = useQuery(llmQuery(ns, name));
  useLlmWatch(ns, name);
  const svc = useMemo(() => (raw.data ? llmInferenceServiceSchema.safeParse(raw.data).data : undefined), [raw.data]);
  const base = `/ns/${encodeURIComponent(ns)}/llm/${encodeURIComponent(name)}`;
  if (raw.isPending) return <Loading what={t('loadingOne')} />;
  if (raw.isError || !svc || !raw.data) {
    return <ErrorState title={t('readFailed', { name })} detail={raw.isError ? errorDetail(raw.error) : undefined} />;
  }
  const status = LLM_INFERENCE_SERVICE.status(raw.data);
  return (
    <div className="page">
      <p>
        <Link to={`/ns/${encodeURIComponent(ns)}/llm`}>{t('back')}</Link>
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        <Badge tone={PHASE_TONE[status.phase]} title={status.message}>
          {app(`phase.${status.phase}`)}
        </Badge>
        {status.reason && status.phase !== 'Ready' ? <span className="muted">{status.reason}</span> : null}
      </div>
      <nav className="tabs" aria-label={t('tabs.label')}>
        {LLM_TABS.map((id) => (
          <Link key={id} to={`${base}/${id}`} aria-current={id === tab ? 'page' : undefined} className="tab">
            {t(`tabs.${id}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'overview' ? <LlmOverview svc={svc} /> : null}
        {tab === 'yaml' ? (
          <KindYamlTab
            kind={LLM_INFERENCE_SERVICE}
            ns={ns}
            name={name}
            live={raw.data}
            queryKey={llmKeys.one(ns, name)}
            draftKey={kindDraftKey('llm', ns, name)}
            t={t}
          />
        ) : null}
        {tab === 'console' ? (
          <LlmConsole ns={ns} name={name} model={svc.spec.model?.name ?? name} hasUrl={llmUrls(svc).length > 0} />
        ) : null}
      </div>
    </div>
  );
}
