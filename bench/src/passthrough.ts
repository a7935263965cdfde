/**
 * The bare undici pass-through (issue 20 item 1's reference for one Node process): an HTTP server that
 * streams each request to one upstream with the undici the BFF uses (apps/bff's, same version, same Agent
 * settings as its inference dispatcher would need: keep-alive pool) and streams the answer back. No
 * session, no checks, no headers of its own: the ceiling a Node proxy on this machine can reach.
 *   PASSTHROUGH_PORT=P PASSTHROUGH_UPSTREAM=http://127.0.0.1:U [PASSTHROUGH_WORKERS=N] node --import tsx bench/src/passthrough.ts
 * With PASSTHROUGH_WORKERS > 1 the cluster module runs N such processes on the one port.
 *
 * It uses undici's `dispatch` with a handler that writes the answer straight to the client's response: no
 * Readable for the answer, no promise, no `stream.pipeline` (which costs an AbortController per request, and on
 * Node 24 throws on a client that has already left). A client that leaves aborts its upstream request; the
 * handler's callbacks check for a gone client, so nothing is written to a closed response.
 */
import cluster from 'node:cluster';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './sandbox';

/** The part of undici's dispatch API used here (the bench does not depend on undici itself: it loads the BFF's copy). */
type Controller = { abort(reason: Error): void; pause(): void; resume(): void };
type Handler = {
  onRequestStart(c: Controller): void;
  onResponseStart(c: Controller, statusCode: number, headers: IncomingHttpHeaders): void;
  onResponseData(c: Controller, chunk: Buffer): void;
  onResponseEnd(c: Controller): void;
  onResponseError(c: Controller, err: Error): void;
};
type Undici = {
  Agent: new (o: {
    keepAliveTimeout: number;
    connections: number;
  }) => {
    dispatch(
      o: {
        origin: string;
        path: string;
        method: string;
        headers: Record<string, string | string[]>;
        body: NodeJS.ReadableStream | null;
      },
      handler: Handler,
    ): boolean;
  };
};
const undici = createRequire(join(repoRoot, 'apps', 'bff', 'package.json'))('undici') as Undici;

const port = Number(process.env.PASSTHROUGH_PORT);
const upstream = process.env.PASSTHROUGH_UPSTREAM ?? '';
const workers = Number(process.env.PASSTHROUGH_WORKERS ?? '1');
if (!Number.isInteger(port) || port <= 0 || !/^http:\/\//.test(upstream)) {
  throw new Error('set PASSTHROUGH_PORT and PASSTHROUGH_UPSTREAM (http://host:port)');
}

/** Hop-by-hop headers are not forwarded (RFC 9110 7.6.1). */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
function forwardable(h: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  return out;
}

const CLIENT_GONE = new Error('the client left before its answer');

/** One request's upstream handler: the answer goes straight to `res`; a client that leaves aborts the request. */
function relay(res: ServerResponse): Handler {
  let controller: Controller | undefined;
  const onClose = (): void => {
    if (!res.writableFinished) controller?.abort(CLIENT_GONE);
  };
  res.once('close', onClose);
  return {
    onRequestStart(c) {
      controller = c;
      if (res.destroyed) c.abort(CLIENT_GONE);
    },
    onResponseStart(c, statusCode, headers) {
      if (res.destroyed) return c.abort(CLIENT_GONE);
      res.writeHead(statusCode, forwardable(headers));
    },
    onResponseData(c, chunk) {
      if (res.destroyed) return c.abort(CLIENT_GONE);
      if (!res.write(chunk)) {
        c.pause();
        res.once('drain', () => c.resume());
      }
    },
    onResponseEnd() {
      res.off('close', onClose);
      res.end();
    },
    onResponseError(_c, err) {
      res.off('close', onClose);
      if (res.destroyed) return;
      if (res.headersSent)
        res.destroy(err); // a truncated answer must not look complete
      else res.writeHead(502).end();
    },
  };
}

function serve(): void {
  const pool = new undici.Agent({ keepAliveTimeout: 30_000, connections: 128 });
  createServer((req, res) => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
    try {
      pool.dispatch(
        {
          origin: upstream,
          path: req.url ?? '/',
          method: req.method ?? 'GET',
          headers: forwardable(req.headers),
          body,
        },
        relay(res),
      );
    } catch {
      // invalid options (never the process: one request fails, the proxy goes on)
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }
  }).listen(port, '127.0.0.1');
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  // A worker that dies would leave fewer processes than the row names: the pass-through ends with it, and the bench
  // says how (ceiling.ts). On a stop the primary gets the signal first and is gone before its workers.
  cluster.on('exit', (w, code, signal) => {
    process.stderr.write(`Error: pass-through worker ${w.process.pid} exited (code ${code}, signal ${signal})\n`);
    process.exit(1);
  });
} else {
  serve();
}
