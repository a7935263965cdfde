import { ALL_NAMESPACES } from '@servedeck/shared';
import { useParams } from 'react-router';
import { LLM_TABS, LlmDetailsPage, LlmListPage, type LlmTab } from '@/features/llm';
import { NotFound } from '../NotFound';

/** `/ns/:ns/llm` (the list) and `/ns/:ns/llm/:name/:tab?` (one service). */
export function LlmRoute() {
  const { ns = ALL_NAMESPACES, name, tab = 'overview' } = useParams();
  if (!name) return <LlmListPage key={ns} ns={ns} />;
  if (!LLM_TABS.includes(tab as LlmTab)) return <NotFound />;
  return <LlmDetailsPage key={`${ns}/${name}`} ns={ns} name={name} tab={tab as LlmTab} />;
}
