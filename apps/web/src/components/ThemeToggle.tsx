import { useEffect, useState } from 'react';
import { useTranslation } from '@/i18n';

type Theme = 'system' | 'light' | 'dark';
const KEY = 'servedeck.theme';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

function readTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** Applies the theme by setting `color-scheme` on <html>; the CSS uses light-dark() everywhere. */
export function applyTheme(theme: Theme = readTheme()): void {
  const root = document.documentElement;
  root.style.colorScheme = theme === 'system' ? 'light dark' : theme;
  root.dataset.theme = theme;
}

export function ThemeToggle() {
  const { t } = useTranslation();
  const [theme, setTheme] = useState<Theme>(readTheme);
  useEffect(() => {
    applyTheme(theme);
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // ignore
    }
  }, [theme]);
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() => setTheme(NEXT[theme])}
      aria-label={t('theme.label', { theme: t(`theme.name.${theme}`), next: t(`theme.name.${NEXT[theme]}`) })}
    >
      {t(`theme.button.${theme}`)}
    </button>
  );
}
