import type { ResourceKind } from '@servedeck/shared';
import { type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { parse, stringify } from 'yaml';
import { CodeEditor } from '@/components/code-editor/CodeEditor';
import { useTranslation } from '@/i18n';
import { clearDraft, loadDraft, saveDraft } from '@/lib/drafts';
import { asApiError } from '@/lib/http';
import { kindSchemaQuery, replaceKind } from '@/lib/kind-queries';
import type { KindT } from './kind-t';

/** The keys of a kind's catalogue the YAML tab reads. */
export type KindYamlKey =
  | 'yaml.label'
  | 'yaml.dryRun'
  | 'yaml.apply'
  | 'yaml.reset'
  | 'yaml.checking'
  | 'yaml.dryRunOk'
  | 'yaml.applied'
  | 'yaml.conflict'
  | 'yaml.failed'
  | 'yaml.parseError'
  | 'yaml.notObject';

/** The object as the editor shows it: without status and managedFields (what the user writes). */
export function editableYaml(obj: Record<string, unknown>): string {
  const { status: _status, ...rest } = obj;
  const meta = { ...((rest.metadata as Record<string, unknown> | undefined) ?? {}) };
  delete meta.managedFields;
  return stringify({ ...rest, metadata: meta });
}

type Outcome = { tone: 'ok' | 'error'; text: string } | undefined;

export type KindYamlTabProps = {
  kind: ResourceKind;
  ns: string;
  name: string;
  /** The object as last read (the query at `queryKey`). */
  live: Record<string, unknown>;
  /** The object's query key: an apply writes the answer there, a reset refetches it. */
  queryKey: QueryKey;
  /** Where the user's unsaved text is kept in this tab (`kindDraftKey`): a failed apply or a navigation keeps it. */
  draftKey: string;
  t: KindT<KindYamlKey>;
};

/** A registry kind's YAML with its CRD's schema: dry run, then apply (strict validation; a conflict keeps the text). */
export function KindYamlTab({ kind, ns, name, live, queryKey, draftKey, t }: KindYamlTabProps) {
  const { t: app } = useTranslation();
  const client = useQueryClient();
  const schema = useQuery(kindSchemaQuery(kind));
  const liveText = useMemo(() => editableYaml(live), [live]);
  // A draft this tab kept (and that differs from the live object) is where the user left off.
  const [draft] = useState(() => {
    const d = loadDraft(draftKey);
    return d !== undefined && d !== liveText ? d : undefined;
  });
  const [text, setText] = useState(draft ?? liveText);
  const [dirty, setDirty] = useState(draft !== undefined);
  const [restored, setRestored] = useState(draft !== undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    if (!dirty) setText(liveText);
  }, [liveText, dirty]);
  const lower = kind.kind.toLowerCase();
  const editorSchema = schema.data
    ? { uri: `servedeck://schemas/${lower}.json`, fileMatch: ['*'], schema: schema.data }
    : undefined;

  const change = (v: string) => {
    setText(v);
    setDirty(true);
    if (v !== liveText) saveDraft(draftKey, v);
    else clearDraft(draftKey);
  };

  const discard = () => {
    clearDraft(draftKey);
    setDirty(false);
    setRestored(false);
  };

  const run = async (dryRun: boolean) => {
    setRestored(false);
    let obj: unknown;
    try {
      obj = parse(text);
    } catch (e) {
      setOutcome({
        tone: 'error',
        text: t('yaml.parseError', { message: e instanceof Error ? e.message : String(e) }),
      });
      return;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      setOutcome({ tone: 'error', text: t('yaml.notObject') });
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    try {
      const res = await replaceKind(kind, ns, name, obj, dryRun);
      if (dryRun) setOutcome({ tone: 'ok', text: t('yaml.dryRunOk') });
      else {
        const rv = String((res.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
        client.setQueryData(queryKey, res.object);
        discard();
        setOutcome({ tone: 'ok', text: t('yaml.applied', { rv }) });
      }
    } catch (err) {
      const e = asApiError(err);
      if (e?.status === 409) setOutcome({ tone: 'error', text: t('yaml.conflict') });
      else
        setOutcome({
          tone: 'error',
          text: t('yaml.failed', { reason: e?.reason ?? 'Error', message: e?.message ?? String(err) }),
        });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kind-yaml">
      {restored ? (
        <p className="notice notice-info" role="status">
          {app('editor.restored')}
        </p>
      ) : null}
      <CodeEditor
        label={t('yaml.label')}
        value={text}
        onChange={change}
        language="yaml"
        path={`${lower}.yaml`}
        schema={editorSchema}
        height="420px"
      />
      <div className="actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void run(true)}>
          {busy ? t('yaml.checking') : t('yaml.dryRun')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run(false)}>
          {t('yaml.apply')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || !dirty}
          onClick={() => {
            discard();
            setText(liveText);
            setOutcome(undefined);
            void client.invalidateQueries({ queryKey });
          }}
        >
          {t('yaml.reset')}
        </button>
      </div>
      {outcome ? (
        <p
          className={outcome.tone === 'ok' ? 'state-ok' : 'state-error'}
          role={outcome.tone === 'ok' ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
