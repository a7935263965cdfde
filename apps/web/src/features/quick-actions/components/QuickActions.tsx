import { useState } from 'react';
import { inverse, type QuickEdit } from '../edits';
import { useQuickActionsT } from '../i18n';
import { QuickActionDialog, type QuickActionKind } from './QuickActionDialog';

/**
 * The details page's quick actions: Scale… and Change model…, each a dry run then the write; after a write,
 * Undo puts the fields back (one step, the same dry run first) while the page is open.
 */
export function QuickActions({ ns, name }: { ns: string; name: string }) {
  const t = useQuickActionsT();
  const [open, setOpen] = useState<QuickActionKind>();
  const [undo, setUndo] = useState<{ edit: QuickEdit; of: 'scale' | 'storage' }>();
  const written = (edit: QuickEdit) => {
    if (edit.kind === 'undo') setUndo(undefined);
    else setUndo({ edit: inverse(edit), of: edit.kind });
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen('scale')}>
        {t('scale')}
      </button>
      <button type="button" className="btn" onClick={() => setOpen('storage')}>
        {t('storage')}
      </button>
      {undo ? (
        <button type="button" className="btn" onClick={() => setOpen('undo')}>
          {t('undo', { what: t(`what.${undo.of}`) })}
        </button>
      ) : null}
      {open ? (
        <QuickActionDialog
          // a new dialog (fresh form and step) for every action
          key={open}
          ns={ns}
          name={name}
          kind={open}
          undo={open === 'undo' ? undo?.edit : undefined}
          onClose={() => setOpen(undefined)}
          onWritten={written}
          onUndo={() => setOpen('undo')}
        />
      ) : null}
    </>
  );
}
