import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type LlmKey, llmEn, llmKo } from './messages';

export const LLM_NS = 'llm';

/** Register the feature's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', LLM_NS)) i18n.addResourceBundle('en', LLM_NS, llmEn, true, true);
  if (!i18n.hasResourceBundle('ko', LLM_NS)) i18n.addResourceBundle('ko', LLM_NS, llmKo, true, true);
}
register();

export type LlmT = (key: LlmKey, vars?: Record<string, string | number>) => string;

/** `t` of the LLM feature's namespace in the current locale (re-renders on a locale change). */
export function useLlmT(): LlmT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<LlmT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by LlmKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, LLM_NS)(key, vars);
    },
    [inst, lng],
  );
}
