import { INFERENCE_GRAPH } from '@servedeck/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { parse, stringify } from 'yaml';
import { CodeEditor } from '@/components/code-editor/CodeEditor';
import { asApiError } from '@/lib/http';
import { kindSchemaQuery, replaceKind } from '@/lib/kind-queries';
import { graphKeys } from '../api/graphs';
import { useGraphsT } from '../i18n';

const SCHEMA_URI = 'servedeck://schemas/inferencegraph.json';

/** The object as the editor shows it: without status and managedFields (what the user writes). */
export function editableYaml(obj: Record<string, unknown>): string {
  const { status: _status, ...rest } = obj;
  const meta = { ...((rest.metadata as Record<string, unknown> | undefined) ?? {}) };
  delete meta.managedFields;
  return stringify({ ...rest, metadata: meta });
}

type Outcome = { tone: 'ok' | 'error'; text: string } | undefined;

/** The graph's YAML with the CRD's schema: dry run, then apply (strict validation; a conflict keeps the text). */
export function GraphYamlTab({ ns, name, live }: { ns: string; name: string; live: Record<string, unknown> }) {
  const t = useGraphsT();
  const client = useQueryClient();
  const schema = useQuery(kindSchemaQuery(INFERENCE_GRAPH));
  const liveText = useMemo(() => editableYaml(live), [live]);
  const [text, setText] = useState(liveText);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    if (!dirty) setText(liveText);
  }, [liveText, dirty]);
  const editorSchema = schema.data ? { uri: SCHEMA_URI, fileMatch: ['*'], schema: schema.data } : undefined;

  const run = async (dryRun: boolean) => {
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
      const res = await replaceKind(INFERENCE_GRAPH, ns, name, obj, dryRun);
      if (dryRun) setOutcome({ tone: 'ok', text: t('yaml.dryRunOk') });
      else {
        const rv = String((res.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
        client.setQueryData(graphKeys.one(ns, name), res.object);
        setDirty(false);
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
    <div className="graph-yaml">
      <CodeEditor
        label={t('yaml.label')}
        value={text}
        onChange={(v) => {
          setText(v);
          setDirty(true);
        }}
        language="yaml"
        path="inferencegraph.yaml"
        schema={editorSchema}
        height="420px"
      />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          {busy ? t('yaml.checking') : t('yaml.dryRun')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
          {t('yaml.apply')}
        </button>
        <button
          type="button"
          disabled={busy || !dirty}
          onClick={() => {
            setDirty(false);
            setText(liveText);
            setOutcome(undefined);
            void client.invalidateQueries({ queryKey: graphKeys.one(ns, name) });
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
