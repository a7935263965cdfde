import type { SchemaNode } from '@servedeck/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { CodeEditor } from '@/components/code-editor/CodeEditor';
import { DiffView } from '@/components/code-editor/DiffView';
import { ErrorState, Loading } from '@/components/States';
import { describeError } from '@/lib/describe-error';
import { clearDraft, draftKey, loadDraft, saveDraft } from '@/lib/drafts';
import { asApiError } from '@/lib/http';
import { isvcQuery } from '@/lib/isvc-queries';
import { keys } from '@/lib/query-keys';
import { parseYaml, type YamlProblem } from '@/lib/yaml-paths';
import { replaceIsvc, schemaQuery } from '../api/editor';
import { resourceVersionOf, toEditableYaml, withResourceVersion } from '../editable-yaml';
import { localProblems, serverProblems } from '../hooks/problems';
import { ProblemsList } from './ProblemsList';

type Phase = 'editing' | 'validating' | 'review' | 'applying' | 'conflict';

export const ISVC_SCHEMA_URI = 'servedeck://schemas/inferenceservice.json';

export function IsvcYamlEditor({ ns, name }: { ns: string; name: string }) {
  const client = useQueryClient();
  const live = useQuery(isvcQuery(ns, name));
  const schema = useQuery(schemaQuery);
  const key = draftKey('edit', ns, name);
  const [base, setBase] = useState<string>();
  const [text, setText] = useState<string>();
  const [restored, setRestored] = useState(false);
  const [phase, setPhase] = useState<Phase>('editing');
  const [server, setServer] = useState<YamlProblem[]>([]);
  const [notice, setNotice] = useState<string>();
  const [theirs, setTheirs] = useState<{ text: string; rv: string | undefined }>();
  const [merged, setMerged] = useState('');
  const [reveal, setReveal] = useState<{ line: number; column: number; nonce: number }>();

  // Take the live object as the base once; keep following it while the user has not edited.
  useEffect(() => {
    if (!live.data) return;
    const next = toEditableYaml(live.data);
    if (base === undefined) {
      const draft = loadDraft(key);
      setBase(next);
      if (draft !== undefined && draft !== next) {
        setText(draft);
        setRestored(true);
      } else setText(next);
    } else if (text === base && next !== base && phase === 'editing') {
      setBase(next);
      setText(next);
    }
  }, [live.data, base, text, key, phase]);

  const parsed = useMemo(() => parseYaml(text ?? ''), [text]);
  const schemaNode = schema.data as SchemaNode | undefined;
  const local = useMemo(() => localProblems(parsed, schemaNode), [parsed, schemaNode]);
  const problems = useMemo(() => [...local, ...server], [local, server]);
  const editorSchema = useMemo(
    () => (schema.data ? { uri: ISVC_SCHEMA_URI, fileMatch: ['*'], schema: schema.data } : undefined),
    [schema.data],
  );

  if (live.isPending || text === undefined || base === undefined) {
    if (live.isError) {
      const d = describeError(live.error, { action: `read ${name}`, namespace: ns });
      return <ErrorState title={d.title} detail={d.detail} />;
    }
    return <Loading what="YAML" />;
  }

  const change = (v: string) => {
    setText(v);
    setServer([]);
    setNotice(undefined);
    if (phase === 'review') setPhase('editing');
    if (v !== base) saveDraft(key, v);
    else clearDraft(key);
  };

  const doc = () => parsed.docs[0]?.value as Record<string, unknown> | undefined;

  const review = async () => {
    setNotice(undefined);
    if (local.some((p) => p.severity === 'error')) {
      setNotice('Fix the problems below first; nothing was sent.');
      return;
    }
    if (parsed.docs.length > 1) {
      setNotice('Only one document can be applied to an existing InferenceService.');
      return;
    }
    const d = doc();
    const meta = (d?.metadata ?? {}) as { name?: unknown; namespace?: unknown };
    if (meta.name !== name || (meta.namespace !== undefined && meta.namespace !== ns)) {
      setNotice(`metadata.name must stay ${name} and metadata.namespace ${ns}; use Create for a new one.`);
      return;
    }
    setPhase('validating');
    try {
      await replaceIsvc(ns, name, d, true);
      setPhase('review');
    } catch (e) {
      failed(e, 'validate');
    }
  };

  const failed = (e: unknown, action: string) => {
    setPhase('editing');
    const err = asApiError(e);
    if (err?.status === 409) return conflict(err.live);
    if (err && err.status !== 401) setServer(serverProblems(parsed, err));
    setNotice(describeError(e, { action: `${action} ${name}`, namespace: ns }).title);
  };

  const conflict = async (liveObj: unknown) => {
    let obj = liveObj as Record<string, unknown> | undefined;
    if (!obj) obj = await client.fetchQuery({ ...isvcQuery(ns, name), staleTime: 0 }).catch(() => undefined);
    if (!obj) {
      setNotice('Someone else changed this InferenceService, and it could not be read again.');
      return;
    }
    // The cache follows the server: the editor's base now is their version.
    client.setQueryData(keys.isvc(ns, name), obj);
    const t = toEditableYaml(obj);
    setTheirs({ text: t, rv: resourceVersionOf(obj) });
    setMerged(text);
    setPhase('conflict');
  };

  const apply = async () => {
    setPhase('applying');
    try {
      const result = await replaceIsvc(ns, name, doc(), false);
      client.setQueryData(keys.isvc(ns, name), result.object);
      const next = toEditableYaml(result.object);
      clearDraft(key);
      setBase(next);
      setText(next);
      setRestored(false);
      setPhase('editing');
      setNotice(`Applied.${result.warnings.length ? ` Warnings: ${result.warnings.join('; ')}` : ''}`);
    } catch (e) {
      failed(e, 'apply');
    }
  };

  return (
    <div className="editor-page">
      {restored ? (
        <div className="notice notice-info" role="status">
          Restored your unsaved changes from this tab.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              clearDraft(key);
              setText(base);
              setRestored(false);
            }}
          >
            Discard them
          </button>
        </div>
      ) : null}
      {schema.isError ? (
        <p className="notice notice-warn">
          The InferenceService schema could not be loaded: no completion or unknown-field checks.
        </p>
      ) : null}
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void review()}
          disabled={phase !== 'editing' || text === base}
        >
          {phase === 'validating' ? 'Validating…' : 'Review and apply'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => change(base)}
          disabled={text === base || phase !== 'editing'}
        >
          Revert
        </button>
        <span className="muted small">
          The server validates first (dry run, strict field validation); you see the diff before anything is written.
        </span>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ProblemsList
        problems={problems}
        onGo={(p) => setReveal({ line: p.line, column: p.column, nonce: Math.random() })}
      />
      {phase === 'review' || phase === 'applying' ? (
        <section className="card" aria-labelledby="review-title">
          <h3 id="review-title">Review: live object → your version (the server accepted it in a dry run)</h3>
          <DiffView original={base} modified={text} language="yaml" originalLabel="Live" modifiedLabel="Yours" />
          <div className="actions">
            <button type="button" className="btn" onClick={() => setPhase('editing')}>
              Back to editing
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void apply()}
              disabled={phase === 'applying'}
            >
              {phase === 'applying' ? 'Applying…' : 'Apply'}
            </button>
          </div>
        </section>
      ) : null}
      {phase === 'conflict' && theirs ? (
        <section className="card" aria-labelledby="conflict-title">
          <h3 id="conflict-title">Someone else changed {name} since you started</h3>
          <p>Left: the object as it is now. Right: yours — edit it to merge by hand.</p>
          <DiffView
            original={theirs.text}
            modified={merged}
            language="yaml"
            originalLabel="Theirs (live)"
            modifiedLabel="Yours"
            onModifiedChange={setMerged}
          />
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                setBase(theirs.text);
                change(theirs.rv ? withResourceVersion(text, theirs.rv) : text);
                setPhase('editing');
                setNotice('Kept your version on top of the new live object; review and apply again.');
              }}
            >
              Keep mine
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setBase(theirs.text);
                clearDraft(key);
                setText(theirs.text);
                setPhase('editing');
                setNotice('Took their version; your changes were dropped.');
              }}
            >
              Take theirs
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setBase(theirs.text);
                change(theirs.rv ? withResourceVersion(merged, theirs.rv) : merged);
                setPhase('editing');
                setNotice('Merged; review and apply again.');
              }}
            >
              Use the merged text
            </button>
          </div>
        </section>
      ) : null}
      <CodeEditor
        label={`YAML of InferenceService ${name}`}
        value={text}
        onChange={change}
        language="yaml"
        path={`inmemory://servedeck/isvc-${ns}-${name}.yaml`}
        schema={editorSchema}
        markers={problems}
        revealLine={reveal}
      />
    </div>
  );
}
