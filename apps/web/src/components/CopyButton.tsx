import { useState } from 'react';
import { useTranslation } from '@/i18n';

/** Copies text to the clipboard and says so. `label` is the accessible name; the button shows "Copy". */
export function CopyButton({
  text,
  label,
  className,
  children,
}: {
  text: string;
  label?: string;
  className?: string;
  children?: string;
}) {
  const { t } = useTranslation();
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  const name = label ?? t('common.copy');
  return (
    <button
      type="button"
      className={className ?? 'btn btn-small'}
      aria-label={name}
      title={name}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone('copied');
        } catch {
          setDone('failed');
        }
        setTimeout(() => setDone('idle'), 1500);
      }}
    >
      <span aria-live="polite">
        {done === 'copied'
          ? t('common.copied')
          : done === 'failed'
            ? t('common.copyFailed')
            : (children ?? t('common.copy'))}
      </span>
    </button>
  );
}
