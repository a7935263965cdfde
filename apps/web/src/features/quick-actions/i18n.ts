import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type QuickActionsKey, quickActionsEn, quickActionsKo } from './messages';

export const QUICK_ACTIONS_NS = 'quickActions';

/** Register the feature's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', QUICK_ACTIONS_NS))
    i18n.addResourceBundle('en', QUICK_ACTIONS_NS, quickActionsEn, true, true);
  if (!i18n.hasResourceBundle('ko', QUICK_ACTIONS_NS))
    i18n.addResourceBundle('ko', QUICK_ACTIONS_NS, quickActionsKo, true, true);
}
register();

export type QuickActionsT = (key: QuickActionsKey, vars?: Record<string, string | number>) => string;

/** `t` of the quickActions namespace in the current locale (re-renders on a locale change). */
export function useQuickActionsT(): QuickActionsT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<QuickActionsT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by QuickActionsKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, QUICK_ACTIONS_NS)(key, vars);
    },
    [inst, lng],
  );
}
