import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, beforeAll } from 'vitest';
import { FakeServer } from './fake-apiserver';

const ISVCS = /^\/apis\/serving\.kserve\.io\/v1beta1\/namespaces\/([^/]+)\/inferenceservices$/;

export const isvc = (ns: string, name: string, rv: string) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name, namespace: ns, resourceVersion: rv },
});

/** The user behind a request: FakeOidc's ID tokens are `idtoken-EMAIL-N`. */
export function userOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return /^Bearer idtoken-(.+)-\d+$/.exec(auth)?.[1] ?? auth;
}

type Watch = { ns: string; user: string; rv: string | null; res: ServerResponse };

/**
 * InferenceServices in several namespaces of a fake apiserver, per user (each user sees their own objects).
 * Lists answer at once unless held; watches stay open and are fed by the test.
 */
export class FakeCollections {
  /** Plain lists (not watches) answered, per `user ns`. */
  readonly lists: string[] = [];
  /** Plain lists as they arrive (before a hold), per `user ns`, with ` paged` for the list route's (`limit`). */
  readonly arrived: string[] = [];
  /** Namespaces whose lists answer this status (a Kubernetes Status). */
  readonly failing = new Map<string, number>();
  readonly watches: Watch[] = [];
  private readonly held = new Map<string, Promise<void>>();
  /** Namespaces whose lists answer 403. */
  readonly refused = new Set<string>();
  constructor(
    readonly namespaces: string[],
    readonly items: (user: string, ns: string) => unknown[] = (user, ns) => [isvc(ns, `${user}-m`, '10')],
  ) {}

  install(api: FakeServer): void {
    api.json('GET', '/api/v1/namespaces', 200, { items: this.namespaces.map((name) => ({ metadata: { name } })) });
    api.on('GET', ISVCS, async (req, res) => {
      const ns = ISVCS.exec((req.url ?? '').split('?')[0] ?? '')?.[1] ?? '';
      const u = new URL(req.url ?? '', 'http://x');
      const user = userOf(req);
      if (u.searchParams.get('watch') === '1') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        this.watches.push({ ns, user, rv: u.searchParams.get('resourceVersion'), res });
        return;
      }
      this.arrived.push(`${user} ${ns}${u.searchParams.has('limit') ? ' paged' : ''}`);
      await this.held.get(ns);
      this.lists.push(`${user} ${ns}`);
      const status = this.refused.has(ns) ? 403 : this.failing.get(ns);
      if (status !== undefined) {
        const reason = status === 403 ? 'Forbidden' : 'InternalError';
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason, code: status, message: 'no' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: this.items(user, ns), metadata: { resourceVersion: '10' } }));
    });
  }

  /** Hold the lists of `ns` until the returned function is called. */
  hold(ns: string): () => void {
    let release: () => void = () => {};
    this.held.set(
      ns,
      new Promise<void>((r) => {
        release = r;
      }),
    );
    return () => {
      this.held.delete(ns);
      release();
    };
  }

  send(ns: string, user: string, ev: unknown): void {
    const w = this.watches.filter((x) => x.ns === ns && x.user === user).at(-1);
    if (!w) throw new Error(`no watch of ${ns} for ${user}`);
    w.res.write(`${JSON.stringify(ev)}\n`);
  }
}

export async function listen(app: Express): Promise<{ base: string; close(): void }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Log in through the (fake) password grant over HTTP; returns the cookie header. */
export async function passwordLogin(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: '12341234' }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .join('; ');
}

/** A fake apiserver serving `cols`: started before the suite, stopped after it. */
export function serveCollections(cols: FakeCollections): FakeServer {
  const api = new FakeServer();
  beforeAll(async () => {
    await api.start();
    cols.install(api);
  });
  afterAll(() => api.stop());
  return api;
}
