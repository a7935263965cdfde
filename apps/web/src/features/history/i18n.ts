import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type HistoryKey, historyEn, historyKo } from './messages';

export const HISTORY_NS = 'history';

/** Register the feature's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', HISTORY_NS)) i18n.addResourceBundle('en', HISTORY_NS, historyEn, true, true);
  if (!i18n.hasResourceBundle('ko', HISTORY_NS)) i18n.addResourceBundle('ko', HISTORY_NS, historyKo, true, true);
}
register();

export type HistoryT = (key: HistoryKey, vars?: Record<string, string | number>) => string;

/** `t` of the history namespace in the current locale (re-renders on a locale change). */
export function useHistoryT(): HistoryT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<HistoryT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by HistoryKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, HISTORY_NS)(key, vars);
    },
    [inst, lng],
  );
}
