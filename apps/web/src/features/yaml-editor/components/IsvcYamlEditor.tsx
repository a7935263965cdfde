import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { CodeEditor } from '@/components/code-editor/CodeEditor';
import { DiffView } from '@/components/code-editor/DiffView';
import { ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { clearDraft, draftKey, loadDraft, saveDraft } from '@/lib/drafts';
import { asApiError } from '@/lib/http';
import { isvcQuery } from '@/lib/isvc-queries';
import { keys } from '@/lib/query-keys';
import { useKeydown, withMod } from '@/lib/shortcuts';
import { parseYaml } from '@/lib/yaml-paths';
import { replaceIsvc } from '../api/editor';
import { resourceVersionOf, toEditableYaml } from '../editable-yaml';
import { editorReducer, initialEditorState } from '../editor-state';
import { useEditorSchema } from '../hooks/useEditorSchema';
import { applyFix, type EditorProblem, localProblems, serverProblems } from '../problems';
import { AppliedHistory } from './AppliedHistory';
import { FieldOwnersStatus, useFieldOwners } from './FieldOwners';
import { ProblemsList } from './ProblemsList';

/** Edit a live InferenceService: a view over editorReducer (editor-state.ts); this component runs the requests. */
export function IsvcYamlEditor({ ns, name }: { ns: string; name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const live = useQuery(isvcQuery(ns, name));
  const schema = useEditorSchema();
  const key = draftKey('edit', ns, name);
  const [state, dispatch] = useReducer(editorReducer, initialEditorState);
  const { base, text, restored, phase, server, notice, theirs, merged } = state;
  const [reveal, setReveal] = useState<{ line: number; column: number; nonce: number }>();
  const [cursorLine, setCursorLine] = useState<number>();

  // The live object is the base; the reducer keeps following it while the user has not edited.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft is read with the first live object only
  useEffect(() => {
    if (live.data) dispatch({ type: 'live', yaml: toEditableYaml(live.data), draft: loadDraft(key) });
  }, [live.data]);

  // Unsaved text survives a reload or a sign-in round trip (this tab only).
  useEffect(() => {
    if (text === undefined || base === undefined) return;
    if (text !== base) saveDraft(key, text);
    else clearDraft(key);
  }, [text, base, key]);

  const parsed = useMemo(() => parseYaml(text ?? ''), [text]);
  const local = useMemo(() => localProblems(parsed, schema.node, t), [parsed, schema.node, t]);
  // who last set each line's field (managedFields of the live object): hover, and the cursor's line below
  const owners = useFieldOwners(live.data, parsed);
  const problems = useMemo<EditorProblem[]>(() => [...local, ...server], [local, server]);
  const markers = useMemo(() => problems.filter((p) => !p.unlocated), [problems]);

  // Ctrl/Cmd+S: from editing, validate (dry run) and show the diff; from the diff, apply.
  const actions = useRef<{ review: () => Promise<void>; apply: () => Promise<void> }>(undefined);
  useKeydown((e) => {
    if (!withMod(e, 's')) return;
    e.preventDefault();
    if (phase === 'editing' && text !== base) void actions.current?.review();
    else if (phase === 'review') void actions.current?.apply();
  });

  if (live.isPending || text === undefined || base === undefined) {
    if (live.isError) {
      const d = describeError(t, live.error, { action: t('actions.readName', { name }), namespace: ns });
      return <ErrorState title={d.title} detail={d.detail} />;
    }
    return <Loading what={t('editor.yaml')} />;
  }

  const change = (v: string) => {
    // Saved before the next render, so the text survives even a render that fails (the error boundary).
    if (v !== base) saveDraft(key, v);
    dispatch({ type: 'edit', text: v });
  };

  const doc = () => parsed.docs[0]?.value as Record<string, unknown> | undefined;

  const review = async () => {
    if (local.some((p) => p.severity === 'error')) {
      dispatch({ type: 'refuse', notice: { text: t('editor.fixFirst') } });
      return;
    }
    if (parsed.docs.length > 1) {
      dispatch({ type: 'refuse', notice: { text: t('editor.oneDocument') } });
      return;
    }
    const d = doc();
    const meta = (d?.metadata ?? {}) as { name?: unknown; namespace?: unknown };
    if (meta.name !== name || (meta.namespace !== undefined && meta.namespace !== ns)) {
      dispatch({
        type: 'refuse',
        notice: { text: t('editor.keepName', { name, namespace: ns }) },
      });
      return;
    }
    dispatch({ type: 'validate' });
    try {
      await replaceIsvc(ns, name, d, true);
      dispatch({ type: 'validated' });
    } catch (e) {
      await failed(e, 'validate');
    }
  };

  const failed = async (e: unknown, action: 'validate' | 'apply') => {
    const err = asApiError(e);
    if (err?.status === 409) return conflict(err.live);
    dispatch({
      type: 'failed',
      server: err && err.status !== 401 ? serverProblems(parsed, err) : [],
      notice: { text: describeError(t, e, { action: t(`actions.${action}`, { name }), namespace: ns }).title },
    });
  };

  const conflict = async (liveObj: unknown) => {
    let obj = liveObj as Record<string, unknown> | undefined;
    if (!obj) obj = await client.fetchQuery({ ...isvcQuery(ns, name), staleTime: 0 }).catch(() => undefined);
    if (!obj) return dispatch({ type: 'conflict-unreadable' });
    // The cache follows the server: the editor's base now is their version.
    client.setQueryData(keys.isvc(ns, name), obj);
    dispatch({ type: 'conflict', theirs: toEditableYaml(obj), rv: resourceVersionOf(obj) });
  };

  const apply = async () => {
    dispatch({ type: 'apply' });
    try {
      const result = await replaceIsvc(ns, name, doc(), false);
      client.setQueryData(keys.isvc(ns, name), result.object);
      dispatch({
        type: 'applied',
        yaml: toEditableYaml(result.object),
        warnings: result.warnings,
        history: result.history,
      });
    } catch (e) {
      await failed(e, 'apply');
    }
  };

  actions.current = { review, apply };

  return (
    <div className="editor-page">
      {restored ? (
        <div className="notice notice-info" role="status">
          {t('editor.restored')}{' '}
          <button type="button" className="link-button" onClick={() => dispatch({ type: 'discard-draft' })}>
            {t('editor.discard')}
          </button>
        </div>
      ) : null}
      {schema.isError ? <p className="notice notice-warn">{t('editor.schemaFailed')}</p> : null}
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void review()}
          disabled={phase !== 'editing' || text === base}
          aria-keyshortcuts="Control+S Meta+S"
        >
          {phase === 'validating' ? t('editor.validating') : t('editor.reviewApply')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => dispatch({ type: 'revert' })}
          disabled={text === base || phase !== 'editing'}
        >
          {t('editor.revert')}
        </button>
        <span className="muted small">{t('editor.serverValidates')}</span>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {'text' in notice
            ? notice.text
            : notice.key === 'appliedWarnings'
              ? t('editor.notice.appliedWarnings', { warnings: notice.warnings })
              : t(`editor.notice.${notice.key}`)}
          {'key' in notice && 'history' in notice && notice.history ? (
            <AppliedHistory ns={ns} name={name} record={notice.history} />
          ) : null}
        </p>
      ) : null}
      <ProblemsList
        problems={problems}
        onGo={(p) => setReveal({ line: p.line, column: p.column, nonce: Math.random() })}
        onFix={(p) => change(applyFix(text, p))}
      />
      {phase === 'review' || phase === 'applying' ? (
        <section className="card" aria-labelledby="review-title">
          <h3 id="review-title">{t('editor.reviewTitle')}</h3>
          <DiffView
            original={base}
            modified={text}
            language="yaml"
            originalLabel={t('editor.live')}
            modifiedLabel={t('editor.yours')}
          />
          <div className="actions">
            <button type="button" className="btn" onClick={() => dispatch({ type: 'back' })}>
              {t('editor.backToEditing')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void apply()}
              aria-keyshortcuts="Control+S Meta+S"
              disabled={phase === 'applying'}
            >
              {phase === 'applying' ? t('editor.applying') : t('editor.apply')}
            </button>
          </div>
        </section>
      ) : null}
      {phase === 'conflict' && theirs ? (
        <section className="card" aria-labelledby="conflict-title">
          <h3 id="conflict-title">{t('editor.conflictTitle', { name })}</h3>
          <p>{t('editor.conflictText')}</p>
          <DiffView
            original={theirs.text}
            modified={merged}
            language="yaml"
            originalLabel={t('editor.theirsLive')}
            modifiedLabel={t('editor.yours')}
            onModifiedChange={(v) => dispatch({ type: 'merge-edit', text: v })}
          />
          <div className="actions">
            <button type="button" className="btn" onClick={() => dispatch({ type: 'keep-mine' })}>
              {t('editor.keepMine')}
            </button>
            <button type="button" className="btn" onClick={() => dispatch({ type: 'take-theirs' })}>
              {t('editor.takeTheirs')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'use-merged' })}>
              {t('editor.useMerged')}
            </button>
          </div>
        </section>
      ) : null}
      <CodeEditor
        label={t('editor.yamlOf', { name })}
        value={text}
        onChange={change}
        language="yaml"
        path={`inmemory://servedeck/isvc-${ns}-${name}.yaml`}
        schema={schema.editorSchema}
        markers={markers}
        revealLine={reveal}
        hover={owners.hover}
        onCursorLine={setCursorLine}
      />
      <FieldOwnersStatus
        line={cursorLine}
        info={cursorLine === undefined ? undefined : owners.byLine.get(cursorLine)}
        sentences={owners.sentences}
      />
    </div>
  );
}
