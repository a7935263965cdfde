import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
};

/**
 * A tiny upstream that records what reaches it: every parsed request and every raw byte on its sockets.
 * `reply` decides the answer (default: 200 JSON echoing the path).
 */
export class Recorder {
  readonly requests: Received[] = [];
  raw = '';
  url = '';
  private server: Server | undefined;
  reply: (r: Received) => { status: number; headers?: Record<string, string>; body?: string } = (r) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: r.url }),
  });

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          rawHeaders: req.rawHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(r);
        const out = this.reply(r);
        res.writeHead(out.status, out.headers ?? {});
        res.end(out.body ?? '');
      });
    });
    server.on('connection', (sock) => {
      sock.on('data', (d: Buffer) => {
        this.raw += d.toString('latin1');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  clear(): void {
    this.requests.length = 0;
    this.raw = '';
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
