import { useFormat } from '@/i18n';
import { formatAge } from '@/lib/format';

/**
 * A relative time ("3m", or "3 minutes ago" with `words`) that shows the absolute date and time on hover (title,
 * which screen readers read as its description) and on keyboard focus (theme.css draws `data-absolute`).
 * "—" when the time is absent or invalid.
 */
export function RelativeTime({
  iso,
  now,
  words = false,
}: {
  iso: string | undefined | null;
  now?: number | undefined;
  words?: boolean;
}) {
  const f = useFormat();
  if (!iso || Number.isNaN(Date.parse(iso))) return <span>—</span>;
  const absolute = f.dateTime(iso);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the absolute time, for keyboard users
    <time className="reltime" dateTime={iso} title={absolute} data-absolute={absolute} tabIndex={0}>
      {words ? f.relative(iso, now) : formatAge(iso, now)}
    </time>
  );
}
