import { inferOperation } from '@servedeck/shared';
import { useFormat, useTranslation } from '@/i18n';
import type { HistoryEntry } from '../history-store';

/** The requests sent from this browser; one click replays one into the form. */
export function HistoryCard({
  history,
  onClear,
  onReplay,
}: {
  history: HistoryEntry[];
  onClear: () => void;
  onReplay: (entry: HistoryEntry) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="section-head">
        <h2 id="history-title">{t('console.history')}</h2>
        {history.length ? (
          <button type="button" className="btn btn-small" onClick={onClear}>
            {t('console.clear')}
          </button>
        ) : null}
      </div>
      {history.length === 0 ? (
        <p className="muted small">{t('console.historyEmpty')}</p>
      ) : (
        <ul className="history">
          {history.map((h) => (
            <li key={h.at}>
              <button type="button" className="link-button" onClick={() => onReplay(h)}>
                {h.name} · {inferOperation(h.op).label}
              </button>{' '}
              <span className={h.status < 300 ? 'ok' : 'bad'}>{h.status}</span>{' '}
              <span className="muted small">
                {f.ms(h.totalMs)} · {f.time(h.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
