/** A lean SSE subscriber: counts RESYNCs and timestamps the first arrival of each bench write. */
import { request } from 'node:http';

export type Subscriber = {
  resyncs: number;
  /** Objects in the last RESYNC (counted, not parsed). */
  resyncItems: number;
  bytes: number;
  /** tick → performance.now() at first arrival. */
  arrivals: Map<string, number>;
  error?: string;
  /** The server ended the response (the BFF drops a client that falls too far behind, and ends streams on errors). */
  ended?: boolean;
  close(): void;
};

/** Matches `"bench.servedeck.dev/tick":"17"` inside an event's data (no JSON parse of big RESYNCs). */
export const TICK_LABEL = 'bench.servedeck.dev/tick';
const tickRe = /"bench\.servedeck\.dev\/tick":"([^"]+)"/;
const ITEM_MARK = '"kind":"InferenceService"';

/** How many InferenceServices a RESYNC's data carries (occurrences of their kind; no JSON parse). */
export function countItems(data: string): number {
  let n = 0;
  for (let i = data.indexOf(ITEM_MARK); i >= 0; i = data.indexOf(ITEM_MARK, i + ITEM_MARK.length)) n++;
  return n;
}

/** Pull complete SSE messages out of a buffer; returns the messages and the unconsumed rest. */
export function splitSse(buffer: string): { messages: { event: string; data: string }[]; rest: string } {
  const messages: { event: string; data: string }[] = [];
  let start = 0;
  for (;;) {
    const end = buffer.indexOf('\n\n', start);
    if (end < 0) break;
    const block = buffer.slice(start, end);
    start = end + 2;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest: buffer.slice(start) };
}

/** The tick carried by a change event's data, if it is one of ours (`MODIFIED` only). */
export function tickOf(data: string): string | undefined {
  if (!data.startsWith('{"type":"MODIFIED"') && !data.includes('"type":"MODIFIED"')) return undefined;
  return tickRe.exec(data)?.[1];
}

/**
 * An incremental SSE splitter: each chunk is searched once (plus one carried character for a boundary split
 * across chunks) and a message's pieces are joined once, so a 10 MB RESYNC arriving in thousands of chunks
 * costs linear time (appending to one string and searching it from the start again was quadratic: with 50
 * subscribers in one process, the bench itself was the bottleneck).
 */
export class SseSplitter {
  private pieces: string[] = [];
  private tail = '';
  constructor(private readonly onMessage: (m: { event: string; data: string }) => void) {}

  push(chunk: string): void {
    let rest = chunk;
    for (;;) {
      // where the "\n\n" boundary starts in `rest`; -1: at the newline that ended the previous chunk
      let at = rest.indexOf('\n\n');
      if (this.tail === '\n' && rest.startsWith('\n')) at = -1;
      else if (at < 0) {
        if (rest.length > 0) {
          this.pieces.push(rest);
          this.tail = rest.endsWith('\n') ? '\n' : '';
        }
        return;
      }
      let text = this.pieces.join('') + (at > 0 ? rest.slice(0, at) : '');
      if (at < 0) text = text.slice(0, -1);
      this.pieces = [];
      this.tail = '';
      for (const m of splitSse(`${text}\n\n`).messages) this.onMessage(m);
      rest = rest.slice(at + 2);
    }
  }
}

export function subscribe(url: string, headers: Record<string, string>): Subscriber {
  const sub: Subscriber = { resyncs: 0, resyncItems: 0, bytes: 0, arrivals: new Map(), close: () => req.destroy() };
  let now = 0;
  const splitter = new SseSplitter((m) => {
    if (m.event !== 'change') return;
    if (m.data.startsWith('{"type":"RESYNC"')) {
      sub.resyncs++;
      sub.resyncItems = countItems(m.data);
      return;
    }
    const tick = tickOf(m.data);
    if (tick !== undefined && !sub.arrivals.has(tick)) sub.arrivals.set(tick, now);
  });
  const req = request(url, { headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      sub.error = `HTTP ${res.statusCode}`;
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      now = performance.now();
      sub.bytes += chunk.length;
      splitter.push(chunk);
    });
    // 'close' too: a client the BFF drops has its socket destroyed (no 'end')
    res.on('end', () => {
      sub.ended = true;
    });
    res.on('close', () => {
      sub.ended = true;
    });
    res.on('error', () => {});
  });
  req.on('error', (err) => {
    if (!sub.error) sub.error = err.message;
  });
  req.end();
  return sub;
}
