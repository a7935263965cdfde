import type { en } from './locales/en';

/** The locales ServeDeck speaks; the first is the source catalogue and the fallback. */
export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

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
