import { v2InferResponseSchema } from '@servedeck/shared';
import { formatBytes, formatMs } from '@/lib/format';
import { type InferResult, openAiStreamText } from '../api/infer';

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

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
    <table className="table">
      <caption>
        Outputs of {r.model_name}
        {r.model_version ? ` (version ${r.model_version})` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Datatype</th>
          <th scope="col">Shape</th>
          <th scope="col">Data</th>
        </tr>
      </thead>
      <tbody>
        {r.outputs.map((o) => (
          <tr key={o.name}>
            <td className="mono">{o.name}</td>
            <td>{o.datatype}</td>
            <td className="mono">[{o.shape.join(', ')}]</td>
            <td className="mono wrap">
              {JSON.stringify(o.data.slice(0, 64))}
              {o.data.length > 64 ? ` … (${o.data.length} values)` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
        <table className="table">
          <tbody>
            {result.headers.map(([k, v]) => (
              <tr key={k}>
                <th scope="row" className="mono">
                  {k}
                </th>
                <td className="mono wrap">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
