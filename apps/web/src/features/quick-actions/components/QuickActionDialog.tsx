/**
 * One dialog for the quick actions (scale, storage URI, undo): the change as a diff, dry run, apply with
 * conflict handling. Over 300 lines: the three actions share the dialog's steps and their failure states.
 */
import type { WriteResult } from '@servedeck/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { DiffView } from '@/components/code-editor/DiffView';
import { Dialog } from '@/components/Dialog';
import { describeError, useTranslation } from '@/i18n';
import { asApiError } from '@/lib/http';
import { isvcQuery } from '@/lib/isvc-queries';
import { keys } from '@/lib/query-keys';
import { patchIsvc } from '../api';
import {
  type FieldChange,
  type FieldError,
  fieldName,
  mergePatch,
  movedSince,
  type QuickEdit,
  SCALE_PATHS,
  scaleEdit,
  storageEdit,
  storageUriPath,
  valueAt,
} from '../edits';
import { type QuickActionsT, useQuickActionsT } from '../i18n';

export type QuickActionKind = 'scale' | 'storage' | 'undo';

type Step =
  | { kind: 'form' }
  | { kind: 'checking'; edit: QuickEdit }
  // before/after: the live spec and the dry run's, as YAML for the diff
  | { kind: 'review'; edit: QuickEdit; rv: string | undefined; before: string; after: string }
  | { kind: 'writing'; edit: QuickEdit; rv: string | undefined; before: string; after: string }
  | { kind: 'done'; edit: QuickEdit; result: WriteResult }
  | { kind: 'conflict'; edit: QuickEdit; live: unknown; moved: FieldChange[] }
  | { kind: 'failed'; edit: QuickEdit | undefined; error: unknown };

const shown = (t: QuickActionsT, v: unknown) => (v === undefined || v === null ? t('unset') : String(v));

function ChangeList({ changes, t, live }: { changes: FieldChange[]; t: QuickActionsT; live?: unknown }) {
  return (
    <ul className="mono small">
      {changes.map((c) => (
        <li key={fieldName(c)}>
          {live === undefined
            ? t('changeLine', { field: fieldName(c), before: shown(t, c.before), after: shown(t, c.after) })
            : `${fieldName(c)}: ${shown(t, valueAt(live, c.path))}`}
        </li>
      ))}
    </ul>
  );
}

/**
 * One quick action: a small form (validation naming the field), a server dry run with the diff, the write (a 409
 * shows what changed, with "Check again against the latest"), and its outcome with the history's record and, for
 * scale and model changes, Undo. `undo` opens straight at the undo's dry run.
 */
export function QuickActionDialog({
  ns,
  name,
  kind,
  undo: undoProp,
  onClose,
  onWritten,
  onUndo,
}: {
  ns: string;
  name: string;
  kind: QuickActionKind;
  /** The edit that puts the last quick action back (kind 'undo'). */
  undo?: QuickEdit | undefined;
  onClose: () => void;
  /** A write went through: the parent keeps its inverse for Undo (or drops it after an undo). */
  onWritten: (edit: QuickEdit) => void;
  /** Undo from the outcome. */
  onUndo?: (() => void) | undefined;
}) {
  const t = useQuickActionsT();
  const { t: tApp } = useTranslation();
  const client = useQueryClient();
  const id = useId();
  const cached = client.getQueryData(keys.isvc(ns, name));
  const [minText, setMinText] = useState(() => shownNumber(valueAt(cached, SCALE_PATHS.min), '1'));
  const [maxText, setMaxText] = useState(() => shownNumber(valueAt(cached, SCALE_PATHS.max), ''));
  const uriPath = storageUriPath(cached);
  const [uriText, setUriText] = useState(() => (uriPath ? String(valueAt(cached, uriPath) ?? '') : ''));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const form = useRef<HTMLFormElement>(null);
  // the undo this dialog was opened for (the parent drops its copy once the undo is written)
  const [undo] = useState(undoProp);

  const latest = () => client.fetchQuery({ ...isvcQuery(ns, name), staleTime: 0 });

  const dryRun = async (edit: QuickEdit) => {
    setStep({ kind: 'checking', edit });
    try {
      const live = await latest();
      let e = edit;
      if (edit.kind === 'undo') {
        // one step back only while the fields are still what the change set
        const moved = movedSince(edit, live);
        if (moved.length) return setStep({ kind: 'conflict', edit, live, moved });
      } else {
        e = { ...edit, changes: edit.changes.map((c) => ({ ...c, before: valueAt(live, c.path) })) };
      }
      const rv = (live as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      // the yaml library loads with the first dry run, not with the details page
      const [result, { specYaml }] = await Promise.all([
        patchIsvc(ns, name, mergePatch(e.changes, rv), true),
        import('../spec-yaml'),
      ]);
      const before = specYaml(valueAt(live, ['spec']));
      setStep({ kind: 'review', edit: e, rv, before, after: specYaml(result.object.spec) });
    } catch (error) {
      failed(edit, error);
    }
  };

  const failed = (edit: QuickEdit, error: unknown) => {
    const e = asApiError(error);
    if (e?.status === 409) setStep({ kind: 'conflict', edit, live: e.live, moved: [] });
    else setStep({ kind: 'failed', edit, error });
  };

  const write = async () => {
    if (step.kind !== 'review') return;
    const { edit, rv } = step;
    setStep({ ...step, kind: 'writing' });
    try {
      const result = await patchIsvc(ns, name, mergePatch(edit.changes, rv), false);
      client.setQueryData(keys.isvc(ns, name), result.object);
      // the History tab and the list follow the write
      void client.invalidateQueries({ queryKey: keys.isvc(ns, name) });
      void client.invalidateQueries({ queryKey: keys.isvcList(ns) });
      setStep({ kind: 'done', edit, result });
      onWritten(edit);
    } catch (error) {
      failed(edit, error);
    }
  };

  // An undo starts at its dry run.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the dialog opens for an undo
  useEffect(() => {
    if (kind === 'undo' && undo) void dryRun(undo);
  }, []);

  const submit = () => {
    const built = kind === 'scale' ? scaleEdit(cached, minText, maxText) : storageEdit(cached, uriText);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors([]);
    void dryRun(built.edit);
  };

  // the first field named by an error takes the focus
  useEffect(() => {
    const field = errors[0]?.field;
    if (field) form.current?.querySelector<HTMLInputElement>(`input[name="${field}"]`)?.focus();
  }, [errors]);

  const errorOf = (field: string) => errors.find((e) => e.field === field);
  const errorText = (e: FieldError) =>
    e.key === 'unchanged' ? t('error.unchanged') : t(`error.${e.key}`, { field: e.field, message: e.message ?? '' });
  const input = (field: string, label: string, value: string, set: (v: string) => void, mode: 'numeric' | 'url') => {
    const err = errorOf(field);
    return (
      <label className="field">
        <span>{label}</span>
        <input
          name={field}
          value={value}
          inputMode={mode === 'numeric' ? 'numeric' : 'url'}
          className={mode === 'url' ? 'mono' : undefined}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-${field}-error` : undefined}
          onChange={(e) => set(e.target.value)}
        />
        {err ? (
          <span id={`${id}-${field}-error`} className="bad small">
            {errorText(err)}
          </span>
        ) : null}
      </label>
    );
  };

  const title =
    kind === 'undo' ? t('title.undo', { name, what: t(`what.${undoOf(undo)}`) }) : t(`title.${kind}`, { name });
  const general = errors.find((e) => e.key === 'unchanged' || (e.key === 'required' && !uriPath && kind === 'storage'));

  return (
    <Dialog open onClose={onClose} title={title}>
      {step.kind === 'form' ? (
        <form
          ref={form}
          method="dialog"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {kind === 'scale' ? (
            <>
              {input('minReplicas', t('field.minReplicas'), minText, setMinText, 'numeric')}
              {input('maxReplicas', t('field.maxReplicas'), maxText, setMaxText, 'numeric')}
            </>
          ) : uriPath ? (
            input('storageUri', t('field.storageUri', { path: uriPath.join('.') }), uriText, setUriText, 'url')
          ) : (
            <p className="notice notice-warn">{t('error.noModel')}</p>
          )}
          {general && general.key === 'unchanged' ? (
            <p role="alert" className="bad">
              {t('error.unchanged')}
            </p>
          ) : null}
          {errors.length && !general ? (
            <p role="alert" className="sr-only">
              {errors.map(errorText).join(' ')}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={kind === 'storage' && !uriPath}>
              {t('check')}
            </button>
          </div>
        </form>
      ) : null}
      {step.kind === 'checking' ? <p role="status">{t('checking')}</p> : null}
      {step.kind === 'review' || step.kind === 'writing' ? (
        <section aria-label={title}>
          <p role="status">{t('reviewText')}</p>
          <ChangeList changes={step.edit.changes} t={t} />
          <DiffView
            original={step.before}
            modified={step.after}
            language="yaml"
            originalLabel={t('before')}
            modifiedLabel={t('after')}
            height="30vh"
          />
          <div className="actions">
            <button
              type="button"
              className="btn"
              disabled={step.kind === 'writing'}
              onClick={() => (kind === 'undo' ? onClose() : setStep({ kind: 'form' }))}
            >
              {kind === 'undo' ? t('cancel') : t('back')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={step.kind === 'writing'}
              onClick={() => void write()}
            >
              {step.kind === 'writing' ? t('applying') : t('apply')}
            </button>
          </div>
        </section>
      ) : null}
      {step.kind === 'done' ? (
        <div>
          <p role="status" className="notice">
            {t('done')}{' '}
            {step.result.history?.recorded
              ? t('recorded', { revision: step.result.history.revision })
              : step.result.history
                ? t('notRecorded', { message: step.result.history.message })
                : null}
          </p>
          <ChangeList changes={step.edit.changes} t={t} />
          <div className="actions">
            {step.edit.kind !== 'undo' && onUndo ? (
              <button type="button" className="btn" onClick={onUndo}>
                {t('undoNow')}
              </button>
            ) : null}
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('close')}
            </button>
          </div>
        </div>
      ) : null}
      {step.kind === 'conflict' ? (
        <div role="alert">
          <p>
            <strong>{t('conflictTitle', { name })}</strong>
          </p>
          <p>{step.moved.length ? t('movedText') : t('conflictText')}</p>
          {step.live !== undefined ? (
            <ChangeList changes={step.moved.length ? step.moved : step.edit.changes} t={t} live={step.live} />
          ) : null}
          <div className="actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('cancel')}
            </button>
            {step.moved.length === 0 ? (
              <button type="button" className="btn btn-primary" onClick={() => void dryRun(step.edit)}>
                {t('retry')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {step.kind === 'failed' ? (
        <Failed
          error={step.error}
          ns={ns}
          action={t('actionLabel', { name })}
          title={t('failed')}
          onBack={() => (kind === 'undo' ? onClose() : setStep({ kind: 'form' }))}
          back={kind === 'undo' ? t('close') : t('back')}
          tApp={tApp}
        />
      ) : null}
    </Dialog>
  );
}

function Failed({
  error,
  ns,
  action,
  title,
  back,
  onBack,
  tApp,
}: {
  error: unknown;
  ns: string;
  action: string;
  title: string;
  back: string;
  onBack: () => void;
  tApp: ReturnType<typeof useTranslation>['t'];
}) {
  const d = describeError(tApp, error, { action, namespace: ns });
  return (
    <div>
      <div role="alert" className="notice notice-error">
        <strong>{title}</strong>: {d.title}. {d.detail}
        {asApiError(error)?.causes.map((c) => (
          <div key={`${c.field ?? ''}${c.message}`} className="mono small">
            {c.field ? `${c.field}: ` : ''}
            {c.message}
          </div>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="btn" onClick={onBack}>
          {back}
        </button>
      </div>
    </div>
  );
}

function shownNumber(v: unknown, fallback: string): string {
  return typeof v === 'number' ? String(v) : fallback;
}

/** What an undo puts back: the inverse of a scale changes replica fields. */
function undoOf(undo: QuickEdit | undefined): 'scale' | 'storage' {
  return undo?.changes.some((c) => c.path.at(-1) === 'storageUri') ? 'storage' : 'scale';
}
