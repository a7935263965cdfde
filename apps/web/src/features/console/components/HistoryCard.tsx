import { inferOperation } from '@servedeck/shared';
import { formatMs } from '@/lib/format';
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
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="section-head">
        <h2 id="history-title">History</h2>
        {history.length ? (
          <button type="button" className="btn btn-small" onClick={onClear}>
            Clear
          </button>
        ) : null}
      </div>
      {history.length === 0 ? (
        <p className="muted small">Requests you send are kept here (in this browser only).</p>
      ) : (
        <ul className="history">
          {history.map((h) => (
            <li key={h.at}>
              <button type="button" className="link-button" onClick={() => onReplay(h)}>
                {h.name} · {inferOperation(h.op).label}
              </button>{' '}
              <span className={h.status < 300 ? 'ok' : 'bad'}>{h.status}</span>{' '}
              <span className="muted small">
                {formatMs(h.totalMs)} · {new Date(h.at).toLocaleTimeString()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
