import { ISVC_TEMPLATES, renderTemplate } from '@servedeck/shared';
import type { TFunction } from 'i18next';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CodeEditor } from '@/components/code-editor/CodeEditor';
import { describeError, useTranslation } from '@/i18n';
import { clearDraft, draftKey, loadDraft, saveDraft } from '@/lib/drafts';
import { asApiError } from '@/lib/http';
import { readTextUpload } from '@/lib/read-upload';
import { useKeydown, withMod } from '@/lib/shortcuts';
import { parseYaml, uploadProblem, type YamlProblem } from '@/lib/yaml-paths';
import { useCreateIsvcs } from '../api/editor';
import { IsvcCreateForm } from '../create/IsvcCreateForm';
import { useRuntimeOffers } from '../create/runtime-offers';
import { useEditorSchema } from '../hooks/useEditorSchema';
import { applyFix, type EditorProblem, localProblems, serverProblems } from '../problems';
import { ProblemsList } from './ProblemsList';

const first = ISVC_TEMPLATES[0];

/** Fill in the namespace of documents that have none; refuse ones aimed at another namespace. */
function prepare(value: unknown, ns: string, t: TFunction): { doc: Record<string, unknown>; error?: string } {
  const doc = { ...(value as Record<string, unknown>) };
  const meta = { ...((doc.metadata ?? {}) as Record<string, unknown>) };
  if (meta.namespace !== undefined && meta.namespace !== ns)
    return {
      doc,
      error: t('editor.create.wrongNamespace', { given: String(meta.namespace), namespace: ns }),
    };
  meta.namespace = ns;
  doc.metadata = meta;
  doc.apiVersion ??= 'serving.kserve.io/v1beta1';
  doc.kind ??= 'InferenceService';
  return { doc };
}

export function CreateIsvcPage({ ns }: { ns: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const schema = useEditorSchema();
  const creating = useCreateIsvcs(ns);
  const key = draftKey('create', ns);
  const [restored] = useState(() => loadDraft(key));
  const [text, setText] = useState(() => restored ?? (first ? renderTemplate(first, { namespace: ns }) : ''));
  const [server, setServer] = useState<EditorProblem[]>([]);
  /** A file that was not loaded (binary, too large): the text stays as it was. */
  const [upload, setUpload] = useState<YamlProblem>();
  const [log, setLog] = useState<{ name: string; ok: boolean; text: string }[]>([]);
  const [reveal, setReveal] = useState<{ line: number; column: number; nonce: number }>();

  const parsed = useMemo(() => parseYaml(text), [text]);
  const local = useMemo(() => localProblems(parsed, schema.node, t), [parsed, schema.node, t]);
  const problems = useMemo<EditorProblem[]>(
    () => [...local, ...server, ...(upload ? [upload] : [])],
    [local, server, upload],
  );
  const markers = useMemo(() => problems.filter((p) => !p.unlocated), [problems]);
  const busy = creating.isPending;
  const runtimes = useRuntimeOffers(ns);

  // Ctrl/Cmd+S creates (every document is dry-run first).
  useKeydown((e) => {
    if (!withMod(e, 's')) return;
    e.preventDefault();
    if (!busy) void create.current();
  });
  const create = useRef<() => Promise<void>>(async () => undefined);

  const change = (v: string) => {
    setText(v);
    setServer([]);
    setUpload(undefined);
    saveDraft(key, v);
  };

  create.current = async () => {
    setLog([]);
    if (local.some((p) => p.severity === 'error')) {
      setLog([{ name: '', ok: false, text: t('editor.fixFirst') }]);
      return;
    }
    const docs = parsed.docs.map((d) => prepare(d.value, ns, t));
    const bad = docs.find((d) => d.error);
    if (bad?.error) {
      setLog([{ name: '', ok: false, text: bad.error }]);
      return;
    }
    const outcome = await creating.mutateAsync(docs.map((d) => d.doc));
    if (outcome.kind === 'refused') {
      const err = asApiError(outcome.error);
      if (err && err.status !== 401) setServer(serverProblems(parsed, err, outcome.index));
      setLog([
        {
          name: outcome.name,
          ok: false,
          text: describeError(t, outcome.error, { action: t('actions.create'), namespace: ns }).detail,
        },
      ]);
      return;
    }
    const results = outcome.results.map((r) =>
      r.error === undefined
        ? {
            name: r.name,
            ok: true,
            text: r.warnings.length
              ? t('editor.create.createdWarnings', { warnings: r.warnings.join('; ') })
              : t('editor.create.created'),
          }
        : {
            name: r.name,
            ok: false,
            text: describeError(t, r.error, { action: t('actions.createName', { name: r.name }), namespace: ns })
              .detail,
          },
    );
    setLog(results);
    if (results.every((r) => r.ok)) {
      clearDraft(key);
      if (results.length === 1 && results[0])
        navigate(`/ns/${encodeURIComponent(ns)}/isvc/${encodeURIComponent(results[0].name)}`);
    }
  };

  return (
    <section className="page" aria-labelledby="create-title">
      <nav aria-label={t('details.breadcrumb')} className="breadcrumb">
        <Link to={`/ns/${encodeURIComponent(ns)}`}>{t('list.title')}</Link> <span aria-hidden="true">/</span>{' '}
        {t('editor.create.breadcrumb')}
      </nav>
      <div className="page-head">
        <h1 id="create-title">{t('editor.create.title', { namespace: ns })}</h1>
      </div>
      {restored ? <p className="notice notice-info">{t('editor.create.restored')}</p> : null}
      <div className="toolbar">
        <label className="btn">
          {t('editor.create.upload')}
          <input
            type="file"
            accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml"
            className="sr-only"
            onChange={async (e) => {
              const input = e.currentTarget;
              const f = input.files?.[0];
              input.value = '';
              if (!f) return;
              const read = await readTextUpload(f);
              if (read.ok) change(read.text);
              else setUpload(uploadProblem(t('editor.create.uploadKept', { message: read.message })));
            }}
          />
        </label>
        <span className="muted small">{t('editor.create.hint')}</span>
        <div className="spacer" />
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void create.current()}
          disabled={busy}
          aria-keyshortcuts="Control+S Meta+S"
        >
          {busy
            ? t('editor.create.creating')
            : parsed.docs.length > 1
              ? t('editor.create.createMany', { count: parsed.docs.length })
              : t('editor.create.create')}
        </button>
      </div>
      {log.length ? (
        <ul className="results" aria-live="polite">
          {log.map((l) => (
            <li key={`${l.name}:${l.text}`} className={l.ok ? 'ok' : 'bad'}>
              {l.name ? (
                l.ok ? (
                  <Link to={`/ns/${encodeURIComponent(ns)}/isvc/${encodeURIComponent(l.name)}`}>{l.name}</Link>
                ) : (
                  <strong>{l.name}</strong>
                )
              ) : null}
              {l.name ? ': ' : ''}
              {l.text}
            </li>
          ))}
        </ul>
      ) : null}
      <ProblemsList
        problems={problems}
        onGo={(p) => setReveal({ line: p.line, column: p.column, nonce: Math.random() })}
        onFix={(p) => change(applyFix(text, p))}
      />
      <div className="create-layout">
        <IsvcCreateForm ns={ns} text={text} onChange={change} runtimes={runtimes} />
        <div className="create-yaml">
          <CodeEditor
            label={t('editor.create.label')}
            value={text}
            onChange={change}
            language="yaml"
            path={`inmemory://servedeck/isvc-new-${ns}.yaml`}
            schema={schema.editorSchema}
            markers={markers}
            revealLine={reveal}
          />
        </div>
      </div>
    </section>
  );
}
