import type { en } from './locales/en';

/** The locales ServeDeck speaks; the first is the source catalogue and the fallback. */
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Each locale's name in that locale, for the header's picker. Written out rather than asked of
 * `Intl.DisplayNames`: its first use loads the browser's locale data, ~25 ms of the first render (~100 ms under
 * Lighthouse's 4x CPU slowdown).
 */
export const ENDONYMS: Record<Locale, string> = { en: 'English', ko: '한국어' };

type PluralForm = `${string}_${'zero' | 'one' | 'two' | 'few' | 'many'}`;

/**
 * The shape every catalogue has: the English one's keys, each a string. Plural forms other than `_other` are
 * optional here (Korean has only `other`); the catalogue test checks each locale has the forms its
 * `Intl.PluralRules` needs.
 */
export type CatalogueShape<T> = {
  [K in keyof T as K extends PluralForm ? never : K]: T[K] extends string ? string : CatalogueShape<T[K]>;
} & { [K in keyof T as K extends PluralForm ? K : never]?: string };

export type Catalogue = CatalogueShape<typeof en>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
