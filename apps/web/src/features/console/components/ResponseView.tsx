import { type V2InferResponse, v2InferResponseSchema } from '@servedeck/shared';
import { type Column, DataTable } from '@/components/DataTable';
import { ErrorState, Loading } from '@/components/States';
import { formatBytes, formatMs } from '@/lib/format';
import { type InferResult, openAiStreamText } from '../api/infer';

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

type V2Output = V2InferResponse['outputs'][number];

const OUTPUT_COLUMNS: readonly Column<V2Output>[] = [
  { key: 'name', header: 'Name', className: 'mono', cell: (o) => o.name },
  { key: 'datatype', header: 'Datatype', cell: (o) => o.datatype },
  { key: 'shape', header: 'Shape', className: 'mono', cell: (o) => `[${o.shape.join(', ')}]` },
  {
    key: 'data',
    header: 'Data',
    className: 'mono wrap',
    cell: (o) => `${JSON.stringify(o.data.slice(0, 64))}${o.data.length > 64 ? ` … (${o.data.length} values)` : ''}`,
  },
];

const HEADER_COLUMNS: readonly Column<[string, string]>[] = [
  { key: 'name', header: 'Header', rowHeader: true, className: 'mono', cell: ([k]) => k },
  { key: 'value', header: 'Value', className: 'mono wrap', cell: ([, v]) => v },
];

function V2Outputs({ body }: { body: string }) {
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
      caption={`Outputs of ${r.model_name}${r.model_version ? ` (version ${r.model_version})` : ''}`}
      columns={OUTPUT_COLUMNS}
      rows={r.outputs}
      rowKey={(o) => o.name}
    />
  );
}

export function StreamingText({ raw }: { raw: string }) {
  const s = openAiStreamText(raw);
  return (
    <div className="stream">
      <p className="stream-text" aria-live="polite">
        {s.text}
        {s.done ? null : <span className="cursor" aria-hidden="true" />}
      </p>
      <p className="muted small">
        {s.events} events{s.done ? ', done' : ''}
      </p>
    </div>
  );
}

export function ResponseView({ result }: { result: InferResult }) {
  const ok = result.status >= 200 && result.status < 300;
  const upstream = result.serverTiming.find((t) => t.name === 'upstream' || t.name === 'inference')?.dur;
  return (
    <section className="card response" aria-labelledby="response-title">
      <h2 id="response-title">Response</h2>
      <div className="response-meta">
        <span className={`status-code ${ok ? 'ok' : 'bad'}`}>
          {result.status} {result.statusText}
        </span>
        <span>
          Total <strong>{formatMs(result.totalMs)}</strong> (first byte {formatMs(result.firstByteMs)})
        </span>
        {upstream !== undefined ? (
          <span>
            Model <strong>{formatMs(upstream)}</strong> (Server-Timing)
          </span>
        ) : null}
        <span className="muted">{formatBytes(result.body.length)}</span>
      </div>
      {result.serverTiming.length ? (
        <p className="muted small">
          Server-Timing:{' '}
          {result.serverTiming
            .map((t) => `${t.name}${t.dur !== undefined ? ` ${formatMs(t.dur)}` : ''}${t.desc ? ` (${t.desc})` : ''}`)
            .join(', ')}
        </p>
      ) : null}
      <details>
        <summary>Headers ({result.headers.length})</summary>
        <DataTable
          caption="Response headers"
          captionHidden
          headless
          columns={HEADER_COLUMNS}
          rows={result.headers}
          rowKey={([k]) => k}
        />
      </details>
      {result.streamed ? <StreamingText raw={result.body} /> : <V2Outputs body={result.body} />}
      <details open={!result.streamed}>
        <summary>Body</summary>
        <pre className="mono body-view">
          {result.body === '' ? '(empty body)' : result.streamed ? result.body : pretty(result.body)}
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
  if (error) return <ErrorState title="The request failed" detail={error} />;
  if (streaming !== undefined)
    return (
      <section className="card" aria-label="Streaming response">
        <h2>Response (streaming)</h2>
        <StreamingText raw={streaming} />
      </section>
    );
  if (result) return <ResponseView result={result} />;
  if (busy) return <Loading what="the response" />;
  return <p className="muted">Send a request to see status, latency, headers and body here.</p>;
}
