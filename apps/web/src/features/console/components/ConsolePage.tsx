/**
 * The test console of an InferenceService: operation, payload, send through the BFF's proxy, answer, history,
 * curl and the load test. Over 300 lines: a view over the console reducer (console/state) whose panels share
 * its state; the state machine itself is in its own file.
 */
import {
  ALL_NAMESPACES,
  defaultPayload,
  INFER_OPERATIONS,
  type InferOperation,
  inferenceServiceSchema,
  inferOperation,
  modelFormatOf,
  parseEach,
  protocolOf,
  v2RequestFromMetadata,
} from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useReducer, useRef } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '@/components/CopyButton';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { isvcListQuery } from '@/lib/isvc-queries';
import { meQuery } from '@/lib/me-query';
import { readTextUpload } from '@/lib/read-upload';
import { withMod } from '@/lib/shortcuts';
import { fetchV2Metadata, sendInference } from '../api/infer';
import { consoleReducer, entryKey, initialConsoleState } from '../console-state';
import { curlFor } from '../curl-for';
import { clearHistory, pushHistory, readHistory } from '../history-store';
import { HistoryCard } from './HistoryCard';
import { ResponsePane } from './ResponseView';

function defaultOp(protocol: string, format: string | undefined): InferOperation['id'] {
  if (format?.startsWith('huggingface') || format?.startsWith('vllm')) return 'openai-chat';
  return protocol === 'v2' ? 'v2-infer' : 'v1-predict';
}

function toText(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v, null, 2);
}

export function ConsolePage({
  ns,
  selected,
  onSelect,
  loadTest,
  model: modelParam,
}: {
  ns: string;
  selected: string;
  /** The model to address first (a TrainedModel of a multi-model InferenceService), else the InferenceService's name. */
  model?: string | undefined;
  onSelect: (key: string) => void;
  /** A slot the app fills (the metrics feature's load test): `send` sends the request above once, resolving with its status. */
  loadTest?: (send: (signal: AbortSignal) => Promise<number>, disabled: boolean) => ReactNode;
}) {
  // No stream here: ask for the list now rather than trust one the list page's stream stopped updating.
  const list = useQuery({ ...isvcListQuery(ns), refetchOnMount: 'always' });
  const me = useQuery(meQuery);
  const isvcs = useMemo(() => parseEach(inferenceServiceSchema, list.data?.items ?? []), [list.data]);
  const selKey = selected.includes('/') ? selected : selected ? `${ns}/${selected}` : '';
  const isvc =
    isvcs.find((i) => `${i.metadata.namespace ?? ns}/${i.metadata.name}` === selKey) ??
    (selected ? undefined : isvcs[0]);
  const name = isvc?.metadata.name ?? '';
  const isvcNs = isvc?.metadata.namespace ?? ns;
  const format = isvc ? modelFormatOf(isvc) : undefined;
  const protocol = isvc ? protocolOf(isvc) : 'v1';

  const { t } = useTranslation();
  const [state, dispatch] = useReducer(consoleReducer, undefined, () => initialConsoleState(readHistory()));
  const { op, route, model, payload, edited, hint, result, streaming, error, busy, history, uploadRefused } = state;
  const abortRef = useRef<AbortController | undefined>(undefined);
  const uid = isvc?.metadata.uid;

  // A new InferenceService: defaults for its protocol and a fresh payload (or the history entry being replayed).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the selection changes
  useEffect(() => {
    if (isvc)
      dispatch({
        type: 'target',
        key: `${isvcNs}/${name}`,
        uid,
        op: defaultOp(protocol, format),
        model: modelParam || name,
      });
  }, [uid, isvcNs, name]);

  const operation = inferOperation(op);
  // Pre-fill the payload: V2 from the model's metadata when it answers, else a template.
  useEffect(() => {
    if (!uid || edited || !model) return;
    let live = true;
    dispatch({ type: 'template', payload: toText(defaultPayload(op, model, format)) });
    if (op === 'v2-infer') {
      void fetchV2Metadata(isvcNs, name, model, route).then((meta) => {
        if (!live || !meta || meta.inputs.length === 0) return;
        dispatch({
          type: 'template',
          payload: toText(v2RequestFromMetadata(meta)),
          hint: t('console.fromMetadata', {
            inputs: meta.inputs.map((i) => `${i.name} ${i.datatype} [${i.shape.join(', ')}]`).join('; '),
          }),
        });
      });
    }
    return () => {
      live = false;
    };
  }, [op, model, uid, edited, isvcNs, name, route, format, t]);

  const payloadError = useMemo(() => {
    if (operation.method !== 'POST') return undefined;
    try {
      JSON.parse(payload);
      return undefined;
    } catch (e) {
      return t('console.invalidJson', { message: (e as Error).message });
    }
  }, [payload, operation.method, t]);

  const path = operation.path(model || name);
  const curl = useMemo(
    () =>
      isvc ? curlFor({ isvc, route, gatewayUrl: me.data?.gatewayUrl, method: operation.method, path, payload }) : '',
    [isvc, route, me.data, operation.method, path, payload],
  );

  const canSend = Boolean(isvc) && !busy && !payloadError;

  const sendOnce = (signal: AbortSignal) =>
    sendInference({ ns: isvcNs, name, path, method: operation.method, route, body: payload, signal }).then(
      (r) => r.status,
    );

  const run = async () => {
    if (!isvc) return;
    abortRef.current?.abort();
    const ac = new AbortController();
    abortRef.current = ac;
    dispatch({ type: 'send' });
    try {
      const r = await sendInference({
        ns: isvcNs,
        name,
        path,
        method: operation.method,
        route,
        body: payload,
        signal: ac.signal,
        onChunk: (text) => dispatch({ type: 'chunk', text }),
      });
      const entry = {
        at: new Date().toISOString(),
        ns: isvcNs,
        name,
        op,
        route,
        model,
        payload: operation.method === 'POST' ? payload : '',
        status: r.status,
        totalMs: r.totalMs,
      };
      dispatch({ type: 'received', result: r, history: pushHistory(entry) });
    } catch (e) {
      if (!ac.signal.aborted)
        dispatch({
          type: 'failed',
          error: describeError(t, e, { action: t('actions.call', { name }), namespace: isvcNs }).detail,
        });
    } finally {
      dispatch({ type: 'settled' });
    }
  };

  if (list.isPending) return <Loading what={t('what.isvcs')} />;
  if (list.isError)
    return <ErrorState {...describeError(t, list.error, { action: t('actions.listIsvcs'), namespace: ns })} />;

  return (
    <section className="page console" aria-labelledby="console-title">
      <div className="page-head">
        <h1 id="console-title">{t('console.title')}</h1>
        <span className="muted">{t('console.intro')}</span>
      </div>
      {isvcs.length === 0 ? (
        <EmptyState title={t('console.empty', { namespace: ns === ALL_NAMESPACES ? t('console.anyNamespace') : ns })} />
      ) : (
        <div className="console-grid">
          <form
            className="card console-form"
            aria-label={t('console.request')}
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
            onKeyDown={(e) => {
              // Ctrl/Cmd+Enter sends from any field of the form (the payload included).
              if (!withMod(e, 'Enter')) return;
              e.preventDefault();
              if (canSend) void run();
            }}
          >
            <label className="field">
              <span>{t('console.isvc')}</span>
              <select value={isvc ? `${isvcNs}/${name}` : ''} onChange={(e) => onSelect(e.target.value)}>
                {!isvc ? <option value="">{t('console.choose')}</option> : null}
                {isvcs.map((i) => {
                  const k = `${i.metadata.namespace ?? ns}/${i.metadata.name}`;
                  return (
                    <option key={k} value={k}>
                      {ns === ALL_NAMESPACES ? k : i.metadata.name} ({protocolOf(i)})
                    </option>
                  );
                })}
              </select>
            </label>
            {isvc ? (
              <p className="muted small">
                <Link to={`/ns/${encodeURIComponent(isvcNs)}/isvc/${encodeURIComponent(name)}`}>
                  {t('console.details')}
                </Link>{' '}
                · {format ?? t('console.custom')} · {t('console.protocol', { protocol })} ·{' '}
                <span className="mono">{isvc.status?.url ?? t('console.noUrl')}</span>
              </p>
            ) : null}
            <div className="field-row">
              <label className="field">
                <span>{t('console.operation')}</span>
                <select
                  value={op}
                  onChange={(e) => dispatch({ type: 'op', op: e.target.value as InferOperation['id'] })}
                >
                  {(['v1', 'v2', 'openai'] as const).map((p) => (
                    <optgroup key={p} label={p === 'openai' ? 'OpenAI' : p.toUpperCase()}>
                      {INFER_OPERATIONS.filter((o) => o.protocol === p).map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.label}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('console.model')}</span>
                <input
                  value={model}
                  onChange={(e) => dispatch({ type: 'model', model: e.target.value })}
                  spellCheck={false}
                />
              </label>
            </div>
            <fieldset className="field radio-row">
              <legend>{t('console.route')}</legend>
              <label>
                <input
                  type="radio"
                  name="route"
                  checked={route === 'gateway'}
                  onChange={() => dispatch({ type: 'route', route: 'gateway' })}
                />{' '}
                {t('console.gateway')}
              </label>
              <label>
                <input
                  type="radio"
                  name="route"
                  checked={route === 'cluster-local'}
                  onChange={() => dispatch({ type: 'route', route: 'cluster-local' })}
                />{' '}
                {t('console.clusterLocal')}
              </label>
            </fieldset>
            <p className="mono small">
              {operation.method} {path}
            </p>
            {operation.method === 'POST' ? (
              <>
                <label className="field">
                  <span>{t('console.payload')}</span>
                  <textarea
                    className="code-textarea mono"
                    rows={14}
                    value={payload}
                    spellCheck={false}
                    aria-invalid={payloadError ? true : undefined}
                    aria-describedby="payload-hint"
                    onChange={(e) => dispatch({ type: 'payload', text: e.target.value })}
                  />
                </label>
                <p id="payload-hint" className={uploadRefused || payloadError ? 'bad small' : 'muted small'}>
                  {uploadRefused ?? payloadError ?? hint ?? t('console.templateHint')}
                </p>
                <div className="actions-left">
                  <label className="btn btn-small">
                    {t('console.upload')}
                    <input
                      type="file"
                      accept=".json,application/json,text/plain"
                      className="sr-only"
                      onChange={async (e) => {
                        const input = e.currentTarget;
                        const f = input.files?.[0];
                        input.value = '';
                        if (!f) return;
                        const read = await readTextUpload(f);
                        dispatch(
                          read.ok
                            ? { type: 'payload', text: read.text }
                            : { type: 'upload-refused', message: t('console.uploadKept', { message: read.message }) },
                        );
                      }}
                    />
                  </label>
                  <button type="button" className="btn btn-small" onClick={() => dispatch({ type: 'reset-template' })}>
                    {t('console.reset')}
                  </button>
                </div>
              </>
            ) : null}
            <div className="actions-left">
              <button
                type="submit"
                className="btn btn-primary"
                disabled={!canSend}
                aria-keyshortcuts="Control+Enter Meta+Enter"
              >
                {busy ? t('console.sending') : t('console.send')}
              </button>
              {busy ? (
                <button type="button" className="btn" onClick={() => abortRef.current?.abort()}>
                  {t('common.cancel')}
                </button>
              ) : null}
              {curl ? (
                <CopyButton text={curl} label={t('console.copyCurl')}>
                  {t('console.copyCurl')}
                </CopyButton>
              ) : null}
            </div>
            {curl ? (
              <details>
                <summary>{t('console.curl')}</summary>
                <pre className="mono small wrap-pre">{curl}</pre>
                <p className="muted small">
                  {route === 'cluster-local' ? t('console.curlLocal') : t('console.curlToken')}
                </p>
              </details>
            ) : null}
          </form>
          <div className="console-out">
            <ResponsePane error={error} streaming={streaming} result={result} busy={busy} />
            <HistoryCard
              history={history}
              onClear={() => {
                clearHistory();
                dispatch({ type: 'history-cleared' });
              }}
              onReplay={(h) => {
                dispatch({ type: 'replay', entry: h });
                onSelect(entryKey(h));
              }}
            />
            {loadTest ? loadTest(sendOnce, !isvc || Boolean(payloadError)) : null}
          </div>
        </div>
      )}
    </section>
  );
}
