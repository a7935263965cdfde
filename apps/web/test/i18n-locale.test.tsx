import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { LocaleSwitcher } from '../src/components/LocaleSwitcher';
import { ThemeToggle } from '../src/components/ThemeToggle';
import { currentLocale, detectLocale, formattersFor, i18n, LOCALE_KEY, setLocale } from '../src/i18n';

afterEach(async () => {
  await setLocale('en');
});

describe('locale detection', () => {
  it('takes the remembered choice first', () => {
    expect(detectLocale('ko', ['en-US'])).toBe('ko');
    expect(detectLocale('en', ['ko-KR'])).toBe('en');
  });
  it('else the first browser language we speak, by its base language', () => {
    expect(detectLocale(null, ['ko-KR', 'en-US'])).toBe('ko');
    expect(detectLocale(null, ['fr-FR', 'ko'])).toBe('ko');
    expect(detectLocale('xx', ['de', 'en-GB'])).toBe('en');
  });
  it('else English', () => {
    expect(detectLocale(null, ['fr-FR', 'ja'])).toBe('en');
    expect(detectLocale(null, [])).toBe('en');
  });
});

describe('switching locale', () => {
  it('loads the Korean catalogue, sets <html lang> and does not remember unless asked', async () => {
    await setLocale('ko');
    expect(currentLocale()).toBe('ko');
    expect(i18n.t('common.retry')).toBe('다시 시도');
    expect(document.documentElement.lang).toBe('ko');
    expect(localStorage.getItem(LOCALE_KEY)).toBeNull();
  });

  it('the header picker switches the page at once and remembers the choice', async () => {
    render(
      <>
        <LocaleSwitcher />
        <ThemeToggle />
      </>,
    );
    expect(screen.getByRole('button', { name: /^Theme: system/ })).toHaveTextContent('Auto theme');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), '한국어');
    expect(await screen.findByRole('button', { name: /^테마: 시스템/ })).toHaveTextContent('자동 테마');
    expect(screen.getByRole('combobox', { name: '언어' })).toHaveValue('ko');
    expect(localStorage.getItem(LOCALE_KEY)).toBe('ko');
    expect(detectLocale()).toBe('ko');
  });
});

describe('formatting through Intl', () => {
  const t = Date.parse('2026-12-06T03:00:00Z');
  it('relative times and numbers follow the locale', () => {
    expect(formattersFor('en').relative('2026-12-06T02:55:00Z', t)).toBe('5 minutes ago');
    expect(formattersFor('ko').relative('2026-12-06T02:55:00Z', t)).toBe('5분 전');
    expect(formattersFor('en').relative('2026-12-04T03:00:00Z', t)).toBe('2 days ago');
    expect(formattersFor('ko').relative('2026-12-05T03:00:00Z', t)).toBe('어제');
    expect(formattersFor('en').number(12345.5)).toBe('12,345.5');
    expect(formattersFor('ko').bytes(2048)).toBe('2.0 KiB');
    expect(formattersFor('en').relative(undefined, t)).toBe('—');
  });
  it('dates are the locale’s own', () => {
    expect(formattersFor('ko').dateTime('2026-12-06T03:04:05Z')).toMatch(/2026\. 12\. 6\./);
    expect(formattersFor('en').dateTime('2026-12-06T03:04:05Z')).toMatch(/Dec 6, 2026/);
    expect(formattersFor('en').dateTime('not a date')).toBe('not a date');
  });
});
