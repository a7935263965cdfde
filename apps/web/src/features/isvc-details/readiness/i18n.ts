import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type ReadinessKey, readinessEn, readinessKo } from './messages';

export const READINESS_NS = 'readiness';

function register(): void {
  if (!i18n.hasResourceBundle('en', READINESS_NS)) i18n.addResourceBundle('en', READINESS_NS, readinessEn, true, true);
  if (!i18n.hasResourceBundle('ko', READINESS_NS)) i18n.addResourceBundle('ko', READINESS_NS, readinessKo, true, true);
}
register();

export type ReadinessT = (key: ReadinessKey, vars?: Record<string, string | number>) => string;

/** `t` of the readiness namespace in the current locale (as features/history/i18n.ts). */
export function useReadinessT(): ReadinessT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<ReadinessT>(
    (key, vars) => {
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, READINESS_NS)(key, vars);
    },
    [inst, lng],
  );
}
