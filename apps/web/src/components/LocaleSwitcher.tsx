import { currentLocale, ENDONYMS, isLocale, LOCALES, setLocale, useTranslation } from '@/i18n';

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
            {ENDONYMS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
