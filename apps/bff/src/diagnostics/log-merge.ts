/**
 * Interleaving the logs of several pods by the kubelet's timestamps (`timestamps=true`: each line starts with an
 * RFC 3339 time with up to nine fractional digits, trailing zeros trimmed, as Go's RFC3339Nano writes it). The
 * output line is `POD TIMESTAMP TEXT`. Pure; routes feed it (diagnostics/routes.ts).
 */

/** A sortable key for a kubelet timestamp: fractions padded to nine digits ("…:05Z" sorts before "…:05.1Z"). */
export function timeKey(stamp: string): string | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (!m) return undefined;
  const [, whole = '', frac = '', zone = 'Z'] = m;
  if (zone === 'Z') return `${whole}.${frac.padEnd(9, '0')}`;
  const ms = Date.parse(stamp);
  if (Number.isNaN(ms)) return undefined;
  // another zone: to UTC (to the millisecond), the rest of the fraction kept
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac.padEnd(9, '0')}`;
}

export type StampedLine = { pod: string; key: string; line: string };

/**
 * One raw kubelet line of `pod` as a merged line. A line without a timestamp (none should come with
 * `timestamps=true`) sorts with the pod's previous line: `lastKey`.
 */
export function stampLine(pod: string, raw: string, lastKey: string): StampedLine {
  const sp = raw.indexOf(' ');
  const stamp = sp > 0 ? raw.slice(0, sp) : raw;
  const key = timeKey(stamp);
  if (key === undefined) return { pod, key: lastKey, line: `${pod} - ${raw}` };
  return { pod, key, line: `${pod} ${raw}` };
}

/** Lines of a byte stream (a pod's log), split on `\n`; a last line without one is still given. */
export async function* linesOf(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const c of chunks) {
    rest += typeof c === 'string' ? c : decoder.decode(c, { stream: true });
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

type Head = { pod: string; it: AsyncIterator<string>; cur: StampedLine };

/**
 * The exact merge of finished logs (each already in time order): k heads, the earliest goes out, its pod's next
 * line comes in. Memory is one line per pod, whatever the logs' size (the whole-log download streams through it).
 * Ties keep the order of `sources`.
 */
export async function* mergeByTime(
  sources: Array<{ pod: string; lines: AsyncIterable<string> }>,
): AsyncGenerator<string> {
  const heads: Head[] = [];
  const advance = async (pod: string, it: AsyncIterator<string>, lastKey: string): Promise<Head | undefined> => {
    const n = await it.next();
    return n.done ? undefined : { pod, it, cur: stampLine(pod, n.value, lastKey) };
  };
  const first = await Promise.all(sources.map((s) => advance(s.pod, s.lines[Symbol.asyncIterator](), '')));
  for (const h of first) if (h) heads.push(h);
  while (heads.length > 0) {
    let min = 0;
    for (let i = 1; i < heads.length; i++) {
      if ((heads[i]?.cur.key ?? '') < (heads[min]?.cur.key ?? '')) min = i;
    }
    const h = heads[min] as Head;
    yield h.cur.line;
    const next = await advance(h.pod, h.it, h.cur.key);
    if (next) heads[min] = next;
    else heads.splice(min, 1);
  }
}

/**
 * The merge of followed logs, whose lines keep coming: lines wait `windowMs` after arriving, then go out in time
 * order with everything else that has waited as long. Lines of different pods written within the window come
 * out interleaved by time; a line that arrives later than the window after a newer one is written late (said in
 * docs/diagnostics.md). `now` is given by the caller (tests step it).
 */
export class WindowMerger {
  private pending: Array<StampedLine & { at: number; seq: number }> = [];
  private readonly last = new Map<string, string>();
  private seq = 0;

  constructor(private readonly windowMs: number) {}

  push(pod: string, raw: string, now: number): void {
    const s = stampLine(pod, raw, this.last.get(pod) ?? '');
    this.last.set(pod, s.key);
    this.pending.push({ ...s, at: now, seq: this.seq++ });
  }

  /** The lines due at `now` (all of them with `all`), in time order. */
  take(now: number, all = false): string[] {
    const due = all ? this.pending : this.pending.filter((p) => now - p.at >= this.windowMs);
    if (due.length === 0) return [];
    this.pending = all ? [] : this.pending.filter((p) => now - p.at < this.windowMs);
    due.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq));
    return due.map((d) => d.line);
  }

  get size(): number {
    return this.pending.length;
  }
}
