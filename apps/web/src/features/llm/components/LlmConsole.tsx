import { useId, useRef, useState } from 'react';
import { errorDetail } from '@/lib/error-detail';
import { openAiText } from '@/lib/openai-text';
import { type OpenAiAnswer, type OpenAiPath, sendOpenAi } from '../api/llm';
import { useLlmT } from '../i18n';

type Op = 'chat' | 'completion' | 'models';
const PATHS: Record<Op, OpenAiPath> = {
  chat: '/v1/chat/completions',
  completion: '/v1/completions',
  models: '/v1/models',
};

/** The request body of an operation (the OpenAI API's own shape). */
export function openAiBody(
  op: Op,
  model: string,
  prompt: string,
  stream: boolean,
  maxTokens: number,
): string | undefined {
  if (op === 'models') return undefined;
  const common = { model, stream, max_tokens: maxTokens };
  return JSON.stringify(
    op === 'chat' ? { ...common, messages: [{ role: 'user', content: prompt }] } : { ...common, prompt },
  );
}

/** OpenAI console: chat and completions (streamed as they come) and /v1/models, through the BFF. */
export function LlmConsole({
  ns,
  name,
  model: defaultModel,
  hasUrl,
}: {
  ns: string;
  name: string;
  model: string;
  hasUrl: boolean;
}) {
  const t = useLlmT();
  const id = useId();
  const [op, setOp] = useState<Op>('chat');
  const [model, setModel] = useState(defaultModel);
  const [prompt, setPrompt] = useState('');
  const [stream, setStream] = useState(true);
  const [maxTokens, setMaxTokens] = useState(64);
  const [raw, setRaw] = useState('');
  const [answer, setAnswer] = useState<OpenAiAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const shown = openAiText(raw, answer ? answer.streamed : stream);

  const send = async () => {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    setRaw('');
    try {
      const body = openAiBody(op, model, prompt, stream, maxTokens);
      const res = await sendOpenAi({
        ns,
        name,
        path: PATHS[op],
        ...(body !== undefined ? { body } : {}),
        signal: ctl.signal,
        onChunk: setRaw,
      });
      setRaw(res.body);
      setAnswer(res);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(errorDetail(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="sr-only">
        {t('tabs.console')}
      </h2>
      <p className="muted">{t('console.intro')}</p>
      {hasUrl ? null : <p className="notice notice-warn">{t('console.noUrl')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="field-row">
          <label className="field">
            <span>{t('console.operation')}</span>
            <select value={op} onChange={(e) => setOp(e.target.value as Op)}>
              <option value="chat">{t('console.chat')}</option>
              <option value="completion">{t('console.completion')}</option>
              <option value="models">{t('console.models')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('console.model')}</span>
            <input value={model} onChange={(e) => setModel(e.target.value)} spellCheck={false} />
          </label>
          <label className="field">
            <span>{t('console.maxTokens')}</span>
            <input
              type="number"
              min={1}
              max={4096}
              value={maxTokens}
              onChange={(e) => setMaxTokens(Number(e.target.value) || 1)}
            />
          </label>
        </div>
        {op === 'models' ? null : (
          <>
            <label className="field">
              <span>{t('console.prompt')}</span>
              <textarea rows={4} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
            </label>
            <label className="check">
              <input type="checkbox" checked={stream} onChange={(e) => setStream(e.target.checked)} />
              {t('console.stream')}
            </label>
          </>
        )}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('console.sending') : t('console.send')}
          </button>
          {busy ? (
            <button type="button" className="btn" onClick={() => abort.current?.abort()}>
              {t('console.stop')}
            </button>
          ) : null}
        </div>
      </form>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <section aria-label={t('console.answer')} aria-live="polite">
        {answer ? (
          <p className="muted small">
            {t('console.status', { status: answer.status, ms: answer.ms })}
            {answer.streamed ? ` · ${t('console.events', { count: shown.events })}` : ''}
          </p>
        ) : null}
        {op !== 'models' && (shown.text || busy) ? <p className="llm-answer">{shown.text}</p> : null}
        {raw ? (
          <details open={op === 'models' || (answer !== undefined && answer.status >= 400)}>
            <summary>{t('console.raw')}</summary>
            <pre className="wrap-pre mono small">{raw}</pre>
          </details>
        ) : null}
      </section>
    </section>
  );
}
