import { useState } from 'react';

/** Copies text to the clipboard and says so. `label` is the accessible name; the button shows "Copy". */
export function CopyButton({
  text,
  label = 'Copy',
  className,
  children = 'Copy',
}: {
  text: string;
  label?: string;
  className?: string;
  children?: string;
}) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={className ?? 'btn btn-small'}
      aria-label={label}
      title={label}
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
      <span aria-live="polite">{done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy failed' : children}</span>
    </button>
  );
}
