import { FakeServer } from './fake-apiserver';

type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
export type SentQuery = {
  path: string;
  query: string;
  start?: string;
  end?: string;
  step?: string;
  time?: string;
  authorization?: string;
};

/** A stand-in for Prometheus's HTTP API: answers queries by regex, records what was asked. */
export class FakePrometheus {
  private readonly server = new FakeServer();
  private ranges: Array<{ re: RegExp; result: Matrix | ((q: SentQuery) => Matrix) }> = [];
  private instants: Array<{ re: RegExp; result: Vector }> = [];
  readonly queries: SentQuery[] = [];
  /** Never answer (a hung Prometheus). */
  hang = false;
  /** Answer with this HTTP status instead (422: a query error; 401: bad token). */
  status = 200;

  get url(): string {
    return this.server.url;
  }

  /** Answer range queries matching `re` (a function gets the query, e.g. to answer at its `end`). */
  answer(re: RegExp, result: Matrix | ((q: SentQuery) => Matrix)): this {
    this.ranges.push({ re, result });
    return this;
  }

  answerInstant(re: RegExp, result: Vector): this {
    this.instants.push({ re, result });
    return this;
  }

  reset(): void {
    this.ranges = [];
    this.instants = [];
    this.queries.length = 0;
    this.hang = false;
    this.status = 200;
  }

  async start(): Promise<this> {
    this.server.on('POST', /^\/api\/v1\/query(_range)?$/, (req, res, body) => {
      const form = new URLSearchParams(body);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const sent: SentQuery = { path, query: form.get('query') ?? '' };
      for (const k of ['start', 'end', 'step', 'time'] as const) {
        const v = form.get(k);
        if (v !== null) sent[k] = v;
      }
      if (req.headers.authorization) sent.authorization = req.headers.authorization;
      this.queries.push(sent);
      if (this.hang) return;
      if (this.status === 401) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('Unauthorized');
        return;
      }
      if (this.status !== 200) {
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', errorType: 'execution', error: 'query timed out' }));
        return;
      }
      const range = path.endsWith('_range');
      const answer = range ? this.ranges.find((a) => a.re.test(sent.query))?.result : undefined;
      const result = range
        ? typeof answer === 'function'
          ? answer(sent)
          : (answer ?? [])
        : (this.instants.find((a) => a.re.test(sent.query))?.result ?? []);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: range ? 'matrix' : 'vector', result } }));
    });
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
