import { LLM_INFERENCE_SERVICE, llmInferenceServiceSchema, llmUrls } from '@servedeck/shared';
import { KindDetailsShell } from '@/components/kind/KindDetailsShell';
import { llmKeys } from '../api/llm';
import { useLlmT } from '../i18n';
import { LlmConsole } from './LlmConsole';
import { LlmOverview } from './LlmOverview';

export const LLM_TABS = ['overview', 'yaml', 'console'] as const;
export type LlmTab = (typeof LLM_TABS)[number];

/** One LLMInferenceService: overview, YAML with the CRD schema, and the OpenAI console. */
export function LlmDetailsPage({ ns, name, tab }: { ns: string; name: string; tab: LlmTab }) {
  const t = useLlmT();
  return (
    <KindDetailsShell
      kind={LLM_INFERENCE_SERVICE}
      keys={llmKeys}
      section="llm"
      ns={ns}
      name={name}
      tabs={LLM_TABS}
      tab={tab}
      t={t}
      schema={llmInferenceServiceSchema}
    >
      {(svc) =>
        tab === 'console' ? (
          <LlmConsole ns={ns} name={name} model={svc.spec.model?.name ?? name} hasUrl={llmUrls(svc).length > 0} />
        ) : (
          <LlmOverview svc={svc} />
        )
      }
    </KindDetailsShell>
  );
}
