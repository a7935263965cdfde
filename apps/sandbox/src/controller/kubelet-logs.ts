/**
 * Reading CRI log files the way the kubelet's `/containerLogs` handler does: tailLines, sinceSeconds /
 * sinceTime, timestamps and limitBytes. Pure over the file's text.
 */
export type LogOptions = {
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps: boolean;
  limitBytes?: number;
  follow: boolean;
  previous: boolean;
};

export function parseLogOptions(q: URLSearchParams): LogOptions | { error: string } {
  const int = (name: string): number | undefined | { error: string } => {
    const v = q.get(name);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) return { error: `${name} must be a non-negative integer` };
    return n;
  };
  const bool = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  const tail = int('tailLines');
  const since = int('sinceSeconds');
  const limit = int('limitBytes');
  for (const v of [tail, since, limit]) if (typeof v === 'object') return v;
  const o: LogOptions = { timestamps: bool('timestamps'), follow: bool('follow'), previous: bool('previous') };
  if (typeof tail === 'number') o.tailLines = tail;
  if (typeof since === 'number') o.sinceSeconds = since;
  if (typeof limit === 'number') o.limitBytes = limit;
  const st = q.get('sinceTime');
  if (st) o.sinceTime = st;
  return o;
}

export type CriEntry = { time: string; stream: string; text: string };

export function parseCri(text: string): CriEntry[] {
  const out: CriEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const a = line.indexOf(' ');
    const b = line.indexOf(' ', a + 1);
    const c = line.indexOf(' ', b + 1);
    if (a < 0 || b < 0 || c < 0) {
      out.push({ time: '', stream: 'stdout', text: line });
      continue;
    }
    out.push({ time: line.slice(0, a), stream: line.slice(a + 1, b), text: line.slice(c + 1) });
  }
  return out;
}

export function renderEntries(entries: CriEntry[], o: LogOptions): string {
  return entries.map((e) => (o.timestamps && e.time ? `${e.time} ${e.text}\n` : `${e.text}\n`)).join('');
}

/** Applies the filters to a whole file's text; returns the body to send. */
export function selectLog(text: string, o: LogOptions, nowMs = Date.now()): string {
  let entries = parseCri(text);
  const sinceMs =
    o.sinceSeconds !== undefined ? nowMs - o.sinceSeconds * 1000 : o.sinceTime ? Date.parse(o.sinceTime) : undefined;
  if (sinceMs !== undefined && !Number.isNaN(sinceMs))
    entries = entries.filter((e) => !e.time || Date.parse(e.time) >= sinceMs);
  if (o.tailLines !== undefined) entries = o.tailLines === 0 ? [] : entries.slice(-o.tailLines);
  let body = renderEntries(entries, o);
  if (o.limitBytes !== undefined) body = Buffer.from(body).subarray(0, o.limitBytes).toString('utf8');
  return body;
}
