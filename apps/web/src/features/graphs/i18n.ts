import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type GraphsKey, graphsEn, graphsKo } from './messages';

export const GRAPHS_NS = 'graphs';

/** Register the feature's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', GRAPHS_NS)) i18n.addResourceBundle('en', GRAPHS_NS, graphsEn, true, true);
  if (!i18n.hasResourceBundle('ko', GRAPHS_NS)) i18n.addResourceBundle('ko', GRAPHS_NS, graphsKo, true, true);
}
register();

export type GraphsT = (key: GraphsKey, vars?: Record<string, string | number>) => string;

/** `t` of the graphs namespace in the current locale (re-renders on a locale change). */
export function useGraphsT(): GraphsT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<GraphsT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by GraphsKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, GRAPHS_NS)(key, vars);
    },
    [inst, lng],
  );
}
