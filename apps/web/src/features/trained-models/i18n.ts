import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type TrainedModelsKey, trainedModelsEn, trainedModelsKo } from './messages';

export const TRAINED_MODELS_NS = 'trainedModels';

/** Register the feature's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', TRAINED_MODELS_NS))
    i18n.addResourceBundle('en', TRAINED_MODELS_NS, trainedModelsEn, true, true);
  if (!i18n.hasResourceBundle('ko', TRAINED_MODELS_NS))
    i18n.addResourceBundle('ko', TRAINED_MODELS_NS, trainedModelsKo, true, true);
}
register();

export type TrainedModelsT = (key: TrainedModelsKey, vars?: Record<string, string | number>) => string;

/** `t` of the trained models feature's namespace in the current locale (re-renders on a locale change). */
export function useTrainedModelsT(): TrainedModelsT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<TrainedModelsT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by TrainedModelsKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, TRAINED_MODELS_NS)(key, vars);
    },
    [inst, lng],
  );
}
