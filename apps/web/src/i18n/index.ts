export { Trans, useTranslation } from 'react-i18next';
export { type Catalogue, ENDONYMS, isLocale, LOCALES, type Locale } from './catalogue';
export { describeError, reasonSentence } from './errors';
export { type Formatters, formattersFor, useFormat, warmFormatters } from './format';
export { currentLocale, detectLocale, i18n, LOCALE_KEY, setLocale, startI18n } from './i18n';
