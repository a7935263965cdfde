import { gatewayAnswer, type V2InferResponse, v2InferResponseSchema } from '@servedeck/shared';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { type Column, DataTable } from '@/components/DataTable';
import { ErrorState, Loading } from '@/components/States';
import { Trans, useFormat, useTranslation } from '@/i18n';
import { openAiStreamText } from '@/lib/openai-text';
import type { InferResult } from '../api/infer';

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

type V2Output = V2InferResponse['outputs'][number];

const outputColumns = (t: TFunction): readonly Column<V2Output>[] => [
  { key: 'name', header: t('console.col.name'), className: 'mono', cell: (o) => o.name },
  { key: 'datatype', header: t('console.col.datatype'), cell: (o) => o.datatype },
  { key: 'shape', header: t('console.col.shape'), className: 'mono', cell: (o) => `[${o.shape.join(', ')}]` },
  {
    key: 'data',
    header: t('console.col.data'),
    className: 'mono wrap',
    cell: (o) =>
      `${JSON.stringify(o.data.slice(0, 64))}${o.data.length > 64 ? t('console.moreValues', { count: o.data.length }) : ''}`,
  },
];

const headerColumns = (t: TFunction): readonly Column<[string, string]>[] => [
  { key: 'name', header: t('console.col.header'), rowHeader: true, className: 'mono', cell: ([k]) => k },
  { key: 'value', header: t('console.col.value'), className: 'mono wrap', cell: ([, v]) => v },
];

function V2Outputs({ body }: { body: string }) {
  const { t } = useTranslation();
  const columns = useMemo(() => outputColumns(t), [t]);
  let parsed: ReturnType<typeof v2InferResponseSchema.safeParse> | undefined;
  try {
    parsed = v2InferResponseSchema.safeParse(JSON.parse(body));
  } catch {
    return null;
  }
  if (!parsed?.success) return null;
  const r = parsed.data;
  return (
    <DataTable
      caption={
        r.model_version
          ? t('console.outputsOfVersion', { model: r.model_name, version: r.model_version })
          : t('console.outputsOf', { model: r.model_name })
      }
      columns={columns}
      rows={r.outputs}
      rowKey={(o) => o.name}
    />
  );
}

/** What the gateway's own 503 means (Envoy's words: no ready pod, or a broken connection), above the answer. */
function GatewayNote({ status, body }: { status: number; body: string }) {
  const { t } = useTranslation();
  const which = gatewayAnswer(status, body);
  if (which === 'noHealthyUpstream') return <p role="note">{t('console.gatewayNoHealthyUpstream')}</p>;
  if (which === 'upstreamReset') return <p role="note">{t('console.gatewayUpstreamReset')}</p>;
  return null;
}

export function StreamingText({ raw }: { raw: string }) {
  const { t } = useTranslation();
  const s = openAiStreamText(raw);
  return (
    <div className="stream">
      <p className="stream-text" aria-live="polite">
        {s.text}
        {s.done ? null : <span className="cursor" aria-hidden="true" />}
      </p>
      <p className="muted small">
        {s.done ? t('console.eventsDone', { count: s.events }) : t('console.events', { count: s.events })}
      </p>
    </div>
  );
}

export function ResponseView({ result }: { result: InferResult }) {
  const { t } = useTranslation();
  const f = useFormat();
  const headerCols = useMemo(() => headerColumns(t), [t]);
  const ok = result.status >= 200 && result.status < 300;
  const upstream = result.serverTiming.find((s) => s.name === 'upstream' || s.name === 'inference')?.dur;
  return (
    <section className="card response" aria-labelledby="response-title">
      <h2 id="response-title">{t('console.response')}</h2>
      <div className="response-meta">
        <span className={`status-code ${ok ? 'ok' : 'bad'}`}>
          {result.status} {result.statusText}
        </span>
        <span>
          <Trans
            i18nKey="console.total"
            values={{ total: f.ms(result.totalMs), firstByte: f.ms(result.firstByteMs) }}
            components={{ b: <strong /> }}
          />
        </span>
        {upstream !== undefined ? (
          <span>
            <Trans i18nKey="console.modelTime" values={{ time: f.ms(upstream) }} components={{ b: <strong /> }} />
          </span>
        ) : null}
        <span className="muted">{f.bytes(result.body.length)}</span>
      </div>
      {result.serverTiming.length ? (
        <p className="muted small">
          {t('console.serverTiming')}{' '}
          {result.serverTiming
            .map((s) => `${s.name}${s.dur !== undefined ? ` ${f.ms(s.dur)}` : ''}${s.desc ? ` (${s.desc})` : ''}`)
            .join(', ')}
        </p>
      ) : null}
      <details>
        <summary>{t('console.headers', { count: result.headers.length })}</summary>
        <DataTable
          caption={t('console.responseHeaders')}
          captionHidden
          headless
          columns={headerCols}
          rows={result.headers}
          rowKey={([k]) => k}
        />
      </details>
      <GatewayNote status={result.status} body={result.body} />
      {result.streamed ? <StreamingText raw={result.body} /> : <V2Outputs body={result.body} />}
      <details open={!result.streamed}>
        <summary>{t('console.body')}</summary>
        <pre className="mono body-view">
          {result.body === '' ? t('console.emptyBody') : result.streamed ? result.body : pretty(result.body)}
        </pre>
      </details>
    </section>
  );
}

/** The right-hand side of the console: the error, the stream as it arrives, or the answer. */
export function ResponsePane({
  error,
  streaming,
  result,
  busy,
}: {
  error: string | undefined;
  streaming: string | undefined;
  result: InferResult | undefined;
  busy: boolean;
}) {
  const { t } = useTranslation();
  if (error) return <ErrorState title={t('console.failed')} detail={error} />;
  if (streaming !== undefined)
    return (
      <section className="card" aria-label={t('console.streaming')}>
        <h2>{t('console.responseStreaming')}</h2>
        <StreamingText raw={streaming} />
      </section>
    );
  if (result) return <ResponseView result={result} />;
  if (busy) return <Loading what={t('console.whatResponse')} />;
  return <p className="muted">{t('console.sendHint')}</p>;
}
