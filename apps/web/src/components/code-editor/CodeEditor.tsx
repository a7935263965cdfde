import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '@/i18n';
import { loadMonaco, type MonacoModule } from './load-monaco';

export type EditorMarker = {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** A one-click fix (Monaco quick fix, Ctrl/Cmd+.): replace the marker's range with `text`. */
  fix?: { title: string; text: string } | undefined;
};

export type CodeEditorProps = {
  /** Accessible name. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  language: 'yaml' | 'json' | 'plaintext';
  markers?: EditorMarker[];
  /** For YAML with a JSON schema: a model path matched by `schema.fileMatch`. */
  path?: string;
  schema?: { uri: string; fileMatch: string[]; schema: unknown } | undefined;
  readOnly?: boolean;
  height?: string;
  /** Imperative reveal of a line (problems list "go to"). */
  revealLine?: { line: number; column: number; nonce: number } | undefined;
  /** Hover text (Markdown) for a line, e.g. who last set its field; undefined: no hover. */
  hover?: ((line: number) => string | undefined) | undefined;
  /** The line the cursor is on, whenever it moves (keyboard users' alternative to hovering). */
  onCursorLine?: ((line: number) => void) | undefined;
};

type Editor = ReturnType<MonacoModule['monaco']['editor']['create']>;

/** Monaco's theme for the app's: `data-theme` on <html> (ThemeToggle), `system` following the OS. */
function monacoTheme(): 'vs' | 'vs-dark' {
  const theme = document.documentElement.dataset.theme;
  if (theme === 'dark') return 'vs-dark';
  if (theme === 'light') return 'vs';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs';
}

/** Keep every Monaco editor's theme in step with the app's while one is open. */
function followAppTheme(mod: MonacoModule): () => void {
  const apply = () => mod.monaco.editor.setTheme(monacoTheme());
  const observer = new MutationObserver(apply);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  media?.addEventListener('change', apply);
  return () => {
    observer.disconnect();
    media?.removeEventListener('change', apply);
  };
}

/**
 * A code editor that is useful before Monaco arrives: a plain, labelled <textarea> that Monaco replaces
 * once its lazy chunk has loaded (and stays if it cannot load). The text lives in the parent's state.
 */
export function CodeEditor(props: CodeEditorProps) {
  const [mod, setMod] = useState<MonacoModule | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadMonaco().then(
      (m) => live && setMod(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (!mod) return <TextFallback {...props} loading={!failed} />;
  return <MonacoView {...props} mod={mod} />;
}

function TextFallback(props: CodeEditorProps & { loading: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const r = props.revealLine;
    const ta = ref.current;
    if (!r || !ta) return;
    const lines = ta.value.split('\n');
    const offset = lines.slice(0, r.line - 1).reduce((n, l) => n + l.length + 1, 0) + r.column - 1;
    ta.focus();
    ta.setSelectionRange(offset, offset);
  }, [props.revealLine]);
  return (
    <div className="code-fallback">
      <label htmlFor={id} className="sr-only">
        {props.label}
      </label>
      <textarea
        ref={ref}
        id={id}
        className="code-textarea mono"
        value={props.value}
        readOnly={props.readOnly}
        spellCheck={false}
        style={{ height: props.height ?? '60vh' }}
        onChange={(e) => props.onChange(e.target.value)}
        onSelect={(e) => {
          const ta = e.currentTarget;
          props.onCursorLine?.(ta.value.slice(0, ta.selectionStart).split('\n').length);
        }}
      />
      {props.loading ? <span className="muted small">{t('editor.loadingEditor')}</span> : null}
    </div>
  );
}

function MonacoView(props: CodeEditorProps & { mod: MonacoModule }) {
  const { mod } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Editor | undefined>(undefined);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const markers = useRef(props.markers);
  markers.current = props.markers;
  const hover = useRef(props.hover);
  hover.current = props.hover;
  const onCursorLine = useRef(props.onCursorLine);
  onCursorLine.current = props.onCursorLine;
  const pushing = useRef(false);

  // The model is created once per mount; later value changes are pushed by the next effect.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per Monaco load
  useEffect(() => {
    if (!host.current) return;
    const { monaco } = mod;
    const uri = monaco.Uri.parse(
      props.path ?? `inmemory://servedeck/${Math.random().toString(36).slice(2)}.${props.language}`,
    );
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(props.value, props.language, uri);
    model.setValue(props.value);
    const editor = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      readOnly: props.readOnly ?? false,
      scrollBeyondLastLine: false,
      tabSize: 2,
      fontSize: 13,
      // Monaco measures one font: the app's monospace stack, with a CJK face for Hangul comments and strings.
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || 'monospace',
      ariaLabel: props.label,
      theme: monacoTheme(),
    });
    editorRef.current = editor;
    // Only the user's edits are reported, not the text the parent pushed in (next effect).
    const sub = editor.onDidChangeModelContent(() => {
      if (!pushing.current) onChange.current(editor.getValue());
    });
    const unfollow = followAppTheme(mod);
    const cursor = editor.onDidChangeCursorPosition((e) => onCursorLine.current?.(e.position.lineNumber));
    // Hover a line: what the parent says about it (who last set the field); keyboard: Ctrl/Cmd+K Ctrl/Cmd+I.
    const hovers = monaco.languages.registerHoverProvider(props.language, {
      provideHover(m, position) {
        if (m !== model) return undefined;
        const text = hover.current?.(position.lineNumber);
        if (!text) return undefined;
        return {
          range: new monaco.Range(position.lineNumber, 1, position.lineNumber, m.getLineMaxColumn(position.lineNumber)),
          contents: [{ value: text, isTrusted: false, supportHtml: false }],
        };
      },
    });
    // Quick fixes: each marker with a `fix` offers it where the marker is (lightbulb, Ctrl/Cmd+.).
    const fixes = monaco.languages.registerCodeActionProvider(props.language, {
      provideCodeActions(m, range) {
        if (m !== model) return { actions: [], dispose: () => undefined };
        const actions = (markers.current ?? [])
          .filter((mk) => mk.fix && mk.line <= range.endLineNumber && mk.endLine >= range.startLineNumber)
          .map((mk) => {
            const at = new monaco.Range(mk.line, mk.column, mk.endLine, mk.endColumn);
            return {
              title: mk.fix?.title ?? '',
              kind: 'quickfix',
              isPreferred: true,
              diagnostics: [
                {
                  startLineNumber: mk.line,
                  startColumn: mk.column,
                  endLineNumber: mk.endLine,
                  endColumn: mk.endColumn,
                  message: mk.message,
                  severity: monaco.MarkerSeverity.Error,
                },
              ],
              edit: {
                edits: [
                  { resource: model.uri, textEdit: { range: at, text: mk.fix?.text ?? '' }, versionId: undefined },
                ],
              },
            };
          });
        return { actions, dispose: () => undefined };
      },
    });
    return () => {
      hovers.dispose();
      cursor.dispose();
      fixes.dispose();
      unfollow();
      sub.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = undefined;
    };
  }, [mod]);

  useEffect(() => {
    const ed = editorRef.current;
    if (ed && ed.getValue() !== props.value) {
      const model = ed.getModel();
      if (model) {
        pushing.current = true;
        try {
          ed.executeEdits('external', [{ range: model.getFullModelRange(), text: props.value }]);
        } finally {
          pushing.current = false;
        }
      }
    }
  }, [props.value]);

  useEffect(() => {
    if (props.schema) mod.setYamlSchema(props.schema.uri, props.schema.fileMatch, props.schema.schema);
  }, [mod, props.schema]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const sev = mod.monaco.MarkerSeverity;
    mod.monaco.editor.setModelMarkers(
      model,
      'servedeck',
      (props.markers ?? []).map((m) => ({
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.endLine,
        endColumn: m.endColumn,
        message: m.message,
        severity: m.severity === 'error' ? sev.Error : m.severity === 'warning' ? sev.Warning : sev.Info,
      })),
    );
  }, [mod, props.markers]);

  useEffect(() => {
    const r = props.revealLine;
    const ed = editorRef.current;
    if (!r || !ed) return;
    ed.revealLineInCenter(r.line);
    ed.setPosition({ lineNumber: r.line, column: r.column });
    ed.focus();
  }, [props.revealLine]);

  return <div ref={host} className="monaco-host" style={{ height: props.height ?? '60vh' }} />;
}
