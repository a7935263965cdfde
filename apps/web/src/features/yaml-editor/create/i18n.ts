import { useCallback } from 'react';
import { i18n, useTranslation } from '@/i18n';
import { type CreateFormKey, createFormEn, createFormKo } from './messages';

export const CREATE_FORM_NS = 'createForm';

/** Register the form's catalogues (both locales: small) on the app's i18n instance, once. */
function register(): void {
  if (!i18n.hasResourceBundle('en', CREATE_FORM_NS))
    i18n.addResourceBundle('en', CREATE_FORM_NS, createFormEn, true, true);
  if (!i18n.hasResourceBundle('ko', CREATE_FORM_NS))
    i18n.addResourceBundle('ko', CREATE_FORM_NS, createFormKo, true, true);
}
register();

export type CreateFormT = (key: CreateFormKey, vars?: Record<string, string | number>) => string;

/** `t` of the create form's namespace in the current locale (re-renders on a locale change). */
export function useCreateFormT(): CreateFormT {
  const { i18n: inst } = useTranslation();
  const lng = inst.resolvedLanguage ?? inst.language;
  return useCallback<CreateFormT>(
    (key, vars) => {
      // the app's typed resources list only `translation`; this namespace is typed by CreateFormKey instead
      const fixed = inst.getFixedT as unknown as (l: string, ns: string) => (k: string, v?: object) => string;
      return fixed.call(inst, lng, CREATE_FORM_NS)(key, vars);
    },
    [inst, lng],
  );
}
