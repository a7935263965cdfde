import { currentLocale, isLocale, LOCALES, type Locale, setLocale, useTranslation } from '@/i18n';

/** A language's name in that language ("English", "한국어"), from the browser's own data. */
function endonym(locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** The header's language picker: switches at once (loading the catalogue if needed) and remembers the choice. */
export function LocaleSwitcher() {
  const { t } = useTranslation();
  return (
    <label className="locale-switcher">
      <span className="sr-only">{t('app.language')}</span>
      <select
        value={currentLocale()}
        title={t('app.language')}
        onChange={(e) => {
          if (isLocale(e.target.value)) void setLocale(e.target.value, { remember: true });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {endonym(l)}
          </option>
        ))}
      </select>
    </label>
  );
}
