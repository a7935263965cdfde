/** The test suites' SSE client: reads a stream in the background, keeps its text and its parsed events. */

export type SseEvent = { event: string; data: unknown };
export type Change = { type: string; resource?: string; items?: unknown[]; object?: { metadata?: { name?: string } } };

export class SseReader {
  text = '';
  events: SseEvent[] = [];
  ended = false;
  /** The HTTP status (set by `open`). */
  status = 0;
  private readonly done: Promise<void>;
  private readonly ac: AbortController | undefined;

  /** Reads `body` until it ends; `onEnd` gets the whole text (the suites scan it for tokens). */
  constructor(body: ReadableStream<Uint8Array> | null, onEnd: (text: string) => void = () => {}, ac?: AbortController) {
    const reader = body?.getReader();
    if (!reader) throw new Error('no body');
    this.ac = ac;
    this.done = this.read(reader, onEnd);
    this.cancelRead = () => reader.cancel().catch(() => {});
  }

  private readonly cancelRead: () => Promise<void>;

  /** GET `url` as an event stream; a refusal (not 200) is read whole into `text` and ends the reader. */
  static async open(url: string, headers: Record<string, string>, onEnd?: (text: string) => void): Promise<SseReader> {
    const ac = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ac.signal });
    const r = new SseReader(res.body, onEnd, ac);
    r.status = res.status;
    return r;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>, onEnd: (text: string) => void): Promise<void> {
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const chunk = dec.decode(value, { stream: true });
        this.text += chunk;
        buf += chunk;
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) });
          i = buf.indexOf('\n\n');
        }
      }
    } catch {
      // aborted or cancelled
    } finally {
      this.ended = true;
      onEnd(this.text);
    }
  }

  /** The data of every `event: change` so far. */
  changes(): Change[] {
    return this.events.filter((e) => e.event === 'change').map((e) => e.data as Change);
  }

  /** Wait until `pred` holds; fails naming `what` when the stream ends first or after `timeoutMs`. */
  async until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred()) {
      if (this.ended) {
        if (pred()) return;
        throw new Error(`stream ended before ${what}`);
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Leave the stream (the client closes it) and wait until the reader has stopped. */
  async close(): Promise<void> {
    this.ac?.abort();
    await this.cancelRead();
    await this.done;
  }
}
