import { useState } from 'react';
import { Dialog } from '@/components/Dialog';
import { describeError } from '@/lib/describe-error';
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
  const [typed, setTyped] = useState('');
  const del = useDeleteIsvc(ns, name);
  const error = del.error ? describeError(del.error, { action: `delete ${name}`, namespace: ns }) : undefined;
  return (
    <Dialog open={open} onClose={onClose} title={`Delete ${name}?`}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === name) del.mutate(undefined, { onSuccess: onDeleted });
        }}
      >
        <p>
          This deletes the InferenceService <strong>{name}</strong> in <strong>{ns}</strong> and everything KServe
          created for it. It cannot be undone.
        </p>
        <label className="field">
          <span>
            Type <strong className="mono">{name}</strong> to confirm
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
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={typed !== name || del.isPending}>
            {del.isPending ? 'Deleting…' : 'Delete'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
