import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type LogsMergedKey, logsMergedEn, logsMergedKo } from './messages';

export const LOGS_MERGED_NS = 'logsMerged';

function register(): void {
  if (!i18n.hasResourceBundle('en', LOGS_MERGED_NS))
    i18n.addResourceBundle('en', LOGS_MERGED_NS, logsMergedEn, true, true);
  if (!i18n.hasResourceBundle('ko', LOGS_MERGED_NS))
    i18n.addResourceBundle('ko', LOGS_MERGED_NS, logsMergedKo, true, true);
}
register();

export type LogsMergedT = (key: LogsMergedKey, vars?: Record<string, string | number>) => string;

/** `t` of the logsMerged namespace in the current locale (as features/history/i18n.ts). */
export function useLogsMergedT(): LogsMergedT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<LogsMergedT>(
    (key, vars) => {
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, LOGS_MERGED_NS)(key, vars);
    },
    [inst, lng],
  );
}
