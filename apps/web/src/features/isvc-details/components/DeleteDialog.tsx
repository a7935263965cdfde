import { useState } from 'react';
import { Dialog } from '@/components/Dialog';
import { describeError, Trans, useTranslation } from '@/i18n';
import { useDeleteIsvc } from '../api/details';

/** Delete needs the name typed out: the action cannot be undone. */
export function DeleteDialog({
  ns,
  name,
  open,
  onClose,
  onDeleted,
}: {
  ns: string;
  name: string;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const del = useDeleteIsvc(ns, name);
  const error = del.error
    ? describeError(t, del.error, { action: t('actions.delete', { name }), namespace: ns })
    : undefined;
  return (
    <Dialog open={open} onClose={onClose} title={t('details.deleteDialog.title', { name })}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === name) del.mutate(undefined, { onSuccess: onDeleted });
        }}
      >
        <p>
          <Trans
            i18nKey="details.deleteDialog.text"
            values={{ name, namespace: ns }}
            components={{ name: <strong />, ns: <strong /> }}
          />
        </p>
        <label className="field">
          <span>
            <Trans
              i18nKey="details.deleteDialog.confirm"
              values={{ name }}
              components={{ name: <strong className="mono" /> }}
            />
          </span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        {error ? (
          <p role="alert" className="bad">
            {error.title}: {error.detail}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={typed !== name || del.isPending}>
            {del.isPending ? t('details.deleteDialog.deleting') : t('details.deleteDialog.delete')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
