import { useEffect, useRef, useState } from 'react';
import { loadMonaco, type MonacoModule } from './load-monaco';

/**
 * Side-by-side diff (Monaco's diff editor). `onModifiedChange` makes the right side editable (manual merge).
 * Falls back to two read-only text blocks where Monaco cannot load.
 */
export function DiffView({
  original,
  modified,
  language,
  originalLabel,
  modifiedLabel,
  onModifiedChange,
  height = '50vh',
}: {
  original: string;
  modified: string;
  language: 'yaml' | 'json';
  originalLabel: string;
  modifiedLabel: string;
  onModifiedChange?: (v: string) => void;
  height?: string;
}) {
  const [mod, setMod] = useState<MonacoModule | undefined>();
  const host = useRef<HTMLDivElement>(null);
  const changeRef = useRef(onModifiedChange);
  changeRef.current = onModifiedChange;
  useEffect(() => {
    let live = true;
    loadMonaco().then(
      (m) => live && setMod(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  // Models are created per mount; the parent remounts (key) to show new texts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per Monaco load
  useEffect(() => {
    if (!mod || !host.current) return;
    const { monaco } = mod;
    const dark =
      document.documentElement.dataset.theme === 'dark' ||
      (document.documentElement.dataset.theme !== 'light' &&
        window.matchMedia?.('(prefers-color-scheme: dark)').matches);
    const diff = monaco.editor.createDiffEditor(host.current, {
      automaticLayout: true,
      readOnly: !changeRef.current,
      originalEditable: false,
      renderSideBySide: true,
      minimap: { enabled: false },
      theme: dark ? 'vs-dark' : 'vs',
    });
    const a = monaco.editor.createModel(original, language);
    const b = monaco.editor.createModel(modified, language);
    diff.setModel({ original: a, modified: b });
    const sub = b.onDidChangeContent(() => changeRef.current?.(b.getValue()));
    return () => {
      sub.dispose();
      diff.dispose();
      a.dispose();
      b.dispose();
    };
  }, [mod]);
  if (!mod) {
    return (
      <div className="diff-fallback">
        <figure>
          <figcaption>{originalLabel}</figcaption>
          <pre className="mono">{original}</pre>
        </figure>
        <figure>
          <figcaption>{modifiedLabel}</figcaption>
          {onModifiedChange ? (
            <textarea
              aria-label={modifiedLabel}
              className="code-textarea mono"
              value={modified}
              onChange={(e) => onModifiedChange(e.target.value)}
            />
          ) : (
            <pre className="mono">{modified}</pre>
          )}
        </figure>
      </div>
    );
  }
  return (
    <div>
      <div className="diff-labels">
        <span>{originalLabel}</span>
        <span>{modifiedLabel}</span>
      </div>
      <div ref={host} className="monaco-host" style={{ height }} />
    </div>
  );
}
