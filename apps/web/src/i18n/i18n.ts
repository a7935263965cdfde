import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Catalogue, isLocale, LOCALES, type Locale } from './catalogue';
import { en } from './locales/en';

/** localStorage key of the locale the user picked in the header. */
export const LOCALE_KEY = 'servedeck.locale';

/**
 * The app's one i18next instance. English is bundled (source catalogue, fallback, first paint for most
 * users, and what tests render in); every other locale is its own lazy chunk, loaded by {@link setLocale}.
 */
export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  resources: { en: { translation: en } },
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  react: { useSuspense: false },
});
i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = {
  ko: async () => (await import('./locales/ko')).ko,
};

/** The remembered choice, else the first of the browser's languages that we speak, else English. */
export function detectLocale(
  stored: string | null = readStored(),
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LOCALE_KEY);
  } catch {
    return null;
  }
}

/** Loads the locale's catalogue if needed and switches to it; `remember` keeps the choice for next time. */
export async function setLocale(locale: Locale, { remember = false }: { remember?: boolean } = {}): Promise<void> {
  if (locale !== 'en' && !i18n.hasResourceBundle(locale, 'translation')) {
    i18n.addResourceBundle(locale, 'translation', await loaders[locale]());
  }
  await i18n.changeLanguage(locale);
  if (remember) {
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
}

/** Before the first render: the detected locale, or English when its catalogue cannot be loaded. */
export async function startI18n(): Promise<void> {
  try {
    await setLocale(detectLocale());
  } catch {
    await setLocale('en');
  }
}

export function currentLocale(): Locale {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLocale(l) ? l : 'en';
}
