import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formatters for one locale, each `Intl` object made once. */
export type Formatters = {
  locale: string;
  /** Date and time, e.g. "Dec 6, 2026, 3:04:05 AM" / "2026. 12. 6. 오전 3:04:05"; "—" when absent or invalid. */
  dateTime: (iso: string | undefined | null) => string;
  /** Time of day, from an ISO string or epoch milliseconds. */
  time: (at: string | number) => string;
  /** Relative to `now`: "5 minutes ago" / "5분 전"; "—" when absent or invalid. */
  relative: (iso: string | undefined | null, now?: number) => string;
  number: (n: number) => string;
  /** Milliseconds: "13 ms", one decimal under 10. */
  ms: (ms: number) => string;
  /** Bytes in B, KiB, MiB with the locale's digits. */
  bytes: (n: number) => string;
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const cache = new Map<string, Formatters>();

/** `make()` once, on the first call: an `Intl` object costs its locale data the first time one is made. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

export function formattersFor(locale: string): Formatters {
  const hit = cache.get(locale);
  if (hit) return hit;
  // Each made when first used: a page showing only relative times never builds the other five (six `Intl` objects
  // built up front were ~40 ms of the details page's first render, ~150 ms under Lighthouse's 4x CPU slowdown).
  const dt = once(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }));
  const tm = once(() => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }));
  const rt = once(() => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const num = once(() => new Intl.NumberFormat(locale));
  const one = once(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
  const whole = once(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  const parse = (iso: string | undefined | null): number | undefined => {
    if (!iso) return undefined;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? undefined : t;
  };
  const f: Formatters = {
    locale,
    dateTime: (iso) => {
      const t = parse(iso);
      return t === undefined ? (iso ?? '—') || '—' : dt().format(t);
    },
    time: (at) => {
      const t = typeof at === 'number' ? at : Date.parse(at);
      return Number.isNaN(t) ? '—' : tm().format(t);
    },
    relative: (iso, now = Date.now()) => {
      const t = parse(iso);
      if (t === undefined) return '—';
      const s = Math.round((t - now) / 1000);
      const abs = Math.abs(s);
      const [unit, size] = UNITS.find(([, n]) => abs >= n) ?? ['second', 1];
      return rt().format(Math.trunc(s / size), unit);
    },
    number: (n) => num().format(n),
    ms: (ms) => `${ms < 10 ? one().format(ms) : whole().format(ms)} ms`,
    bytes: (n) =>
      n < 1024
        ? `${num().format(n)} B`
        : n < 1024 * 1024
          ? `${one().format(n / 1024)} KiB`
          : `${one().format(n / 1024 / 1024)} MiB`,
  };
  cache.set(locale, f);
  return f;
}

/**
 * Builds the locale's `Intl` objects one per idle moment, while the first page's chunks and data are still on the
 * way: the first of each kind loads the browser's locale data (~5-25 ms each), which otherwise lands in the render
 * that shows the data (the list's count and times, the details page's dates: one long task of ~40 ms, ~300 ms
 * under Lighthouse's 4x CPU slowdown). One kind per task keeps each task short. Idempotent; the results are cached.
 */
export function warmFormatters(locale: string): void {
  const f = formattersFor(locale);
  const now = Date.now();
  const steps = [
    () => f.relative(new Date(now).toISOString(), now),
    () => f.dateTime(new Date(now).toISOString()),
    () => f.number(1),
    // i18next's plurals ("1 InferenceService") and its `{{count, number}}`
    () => new Intl.PluralRules(locale).select(1),
    // sorting by name (the list)
    () => 'a'.localeCompare('b'),
  ];
  const idle: (run: () => void) => void =
    typeof requestIdleCallback === 'function' ? (run) => requestIdleCallback(run) : (run) => setTimeout(run, 0);
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    try {
      step();
    } catch {
      // an unknown locale: the formatters say so where they are used
    }
    idle(next);
  };
  idle(next);
}

/** The formatters of the current UI locale; components re-render when it changes. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => formattersFor(lng), [lng]);
}
