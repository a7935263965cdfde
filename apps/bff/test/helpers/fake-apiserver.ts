import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Recorded = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

/** A local HTTP server standing in for the apiserver (or a gateway): routes by "METHOD /path" prefix match. */
export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly routes: Array<{ method: string; path: string | RegExp; handler: Handler }> = [];
  private server: Server | undefined;
  url = '';

  on(method: string, path: string | RegExp, handler: Handler): this {
    this.routes.unshift({ method, path, handler });
    return this;
  }

  json(
    method: string,
    path: string | RegExp,
    status: number,
    body: unknown,
    headers: Record<string, string | string[]> = {},
  ): this {
    return this.on(method, path, (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0] ?? '';
      const route = this.routes.find(
        (r) =>
          (r.method === req.method || r.method === '*') &&
          (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
      );
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
            message: `no route ${path}`,
          }),
        );
        return;
      }
      await route.handler(req, res, body);
    });
    const server = this.server;
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()));
  }

  /** A kubeconfig pointing at this server (plain http, a token user). */
  kubeconfig(): string {
    const dir = mkdtempSync(join(tmpdir(), 'sd-kc-'));
    const file = join(dir, 'kubeconfig');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: test',
        'clusters:',
        `- name: test\n  cluster:\n    server: ${this.url}`,
        'contexts:',
        '- name: test\n  context:\n    cluster: test\n    user: admin',
        'users:',
        '- name: admin\n  user:\n    token: service-token',
      ].join('\n'),
    );
    return file;
  }
}

export function status(code: number, reason: string, message: string, causes: unknown[] = []) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details: { causes } };
}
