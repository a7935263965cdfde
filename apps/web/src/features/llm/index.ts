export { LLM_TABS, LlmDetailsPage, type LlmTab } from './components/LlmDetailsPage';
export { LlmListPage } from './components/LlmListPage';
