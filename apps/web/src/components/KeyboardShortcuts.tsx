import { Fragment, useState } from 'react';
import { useTranslation } from '@/i18n';
import { isMac, isTyping, SHORTCUTS, useKeydown } from '@/lib/shortcuts';
import { Dialog } from './Dialog';

/**
 * The app's single-key shortcuts, outside text fields: `/` focuses the search of the page that has one (the
 * InferenceService list), `?` lists every shortcut. Page shortcuts (Ctrl/Cmd+Enter, Ctrl/Cmd+S) live in their pages.
 */
export function KeyboardShortcuts() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useKeydown((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || open) return;
    if (e.key === '?') {
      e.preventDefault();
      setOpen(true);
    } else if (e.key === '/') {
      const search = document.querySelector<HTMLInputElement>('main [role="search"] input[type="search"]');
      if (!search) return;
      e.preventDefault();
      search.focus();
      search.select();
    }
  });
  const mac = isMac();
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title={t('shortcuts.title')}>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => {
          const keys = mac && 'mac' in s ? s.mac : s.keys;
          return (
            <Fragment key={s.id}>
              <dt>
                {keys.map((k, i) => (
                  <Fragment key={k}>
                    {i > 0 ? ' + ' : null}
                    <kbd>{k}</kbd>
                  </Fragment>
                ))}
              </dt>
              <dd>{t(`shortcuts.${s.id}`)}</dd>
            </Fragment>
          );
        })}
      </dl>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setOpen(false)}>
          {t('shortcuts.close')}
        </button>
      </div>
    </Dialog>
  );
}
