import { gatewayAnswer } from '@servedeck/shared';
import { useState } from 'react';
import { errorDetail } from '@/lib/error-detail';
import { type GraphAnswer, sendToGraph } from '../api/graphs';
import { useGraphsT } from '../i18n';

/** The sample's iris row: what KServe's graph_sequence sample sends. */
export const SAMPLE_BODY = JSON.stringify({ instances: [[6.8, 2.8, 4.8, 1.4]] }, null, 2);

function pretty(a: GraphAnswer): string {
  if (!a.contentType.includes('json')) return a.body;
  try {
    return JSON.stringify(JSON.parse(a.body), null, 2);
  } catch {
    return a.body;
  }
}

/** Send a request to the graph's router and show its answer (status, time, body as sent). */
export function GraphConsole({ ns, name, url }: { ns: string; name: string; url: string | undefined }) {
  const t = useGraphsT();
  const [body, setBody] = useState(SAMPLE_BODY);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<GraphAnswer>();
  const [problem, setProblem] = useState<string>();
  const send = async () => {
    setProblem(undefined);
    try {
      JSON.parse(body);
    } catch (e) {
      setProblem(t('console.badJson', { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    setBusy(true);
    try {
      setAnswer(await sendToGraph(ns, name, body));
    } catch (err) {
      setProblem(t('console.failed', { message: errorDetail(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="graph-console" aria-labelledby="graph-console-title">
      <h2 id="graph-console-title">{t('console.title')}</h2>
      <p className="muted">{t('console.intro')}</p>
      {url ? null : (
        <p className="muted" role="note">
          {t('console.noUrl')}
        </p>
      )}
      <label className="field">
        <span>{t('console.body')}</span>
        <textarea className="mono" rows={6} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
      </label>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void send()}>
          {busy ? t('console.sending') : t('console.send')}
        </button>
      </div>
      {problem ? (
        <p className="state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {answer ? (
        <div className="graph-answer" role="status">
          <p>
            <strong>{t('console.answer')}</strong> {t('console.status', { status: answer.status, ms: answer.ms })}
          </p>
          <pre className="mono" data-testid="graph-answer">
            {pretty(answer)}
          </pre>
          <GatewayNote status={answer.status} body={answer.body} />
        </div>
      ) : null}
    </section>
  );
}

/** What the gateway's own 503 means, under its answer. */
function GatewayNote({ status, body }: { status: number; body: string }) {
  const t = useGraphsT();
  const which = gatewayAnswer(status, body);
  if (!which) return null;
  return (
    <p className="muted" role="note">
      {t(`console.${which}`)}
    </p>
  );
}
