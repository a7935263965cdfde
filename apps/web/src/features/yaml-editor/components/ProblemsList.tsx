import { useTranslation } from '@/i18n';
import type { EditorProblem } from '../problems';

/**
 * The editor's problems as an accessible list; each one moves the cursor to its line, and a fix applies in one
 * click. A problem about the whole object (no field named) says so instead of pointing at a line.
 */
export function ProblemsList({
  problems,
  onGo,
  onFix,
}: {
  problems: EditorProblem[];
  onGo: (p: EditorProblem) => void;
  onFix: (p: EditorProblem) => void;
}) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h3 id="problems-title">{t('editor.problems', { count: problems.length })}</h3>
      <ul>
        {problems.map((p) => (
          <li
            key={`${p.unlocated ? 'doc' : `${p.line}:${p.column}`}:${p.message}`}
            className={`problem problem-${p.severity}`}
          >
            {p.unlocated ? (
              <strong>{t('editor.wholeObject')}</strong>
            ) : (
              <button type="button" className="link-button" onClick={() => onGo(p)}>
                {t('editor.goTo', { line: p.line, column: p.column })}
              </button>
            )}{' '}
            <span>{p.message}</span> <span className="muted small">({p.source})</span>
            {p.fix ? (
              <>
                {' '}
                <button type="button" className="btn btn-small" onClick={() => onFix(p)}>
                  {t('editor.fixTo', { text: p.fix.text })}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
