import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type MetricsKey, metricsEn, metricsKo } from './messages';

export const METRICS_NS = 'metrics';

/** Register the feature's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', METRICS_NS)) i18n.addResourceBundle('en', METRICS_NS, metricsEn, true, true);
  if (!i18n.hasResourceBundle('ko', METRICS_NS)) i18n.addResourceBundle('ko', METRICS_NS, metricsKo, true, true);
}
register();

export type MetricsT = (key: MetricsKey, vars?: Record<string, string | number>) => string;

/** `t` of the metrics namespace in the current locale (re-renders on a locale change). */
export function useMetricsT(): MetricsT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<MetricsT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by MetricsKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, METRICS_NS)(key, vars);
    },
    [inst, lng],
  );
}
