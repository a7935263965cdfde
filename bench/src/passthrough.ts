/**
 * The bare undici pass-through (issue 20 item 1's reference for one Node process): an HTTP server that
 * streams each request to one upstream with the undici the BFF uses (apps/bff's, same version, same Agent
 * settings as its inference dispatcher would need: keep-alive pool) and streams the answer back. No
 * session, no checks, no headers of its own: the ceiling a Node proxy on this machine can reach.
 *   PASSTHROUGH_PORT=P PASSTHROUGH_UPSTREAM=http://127.0.0.1:U [PASSTHROUGH_WORKERS=N] node --import tsx bench/src/passthrough.ts
 * With PASSTHROUGH_WORKERS > 1 the cluster module runs N such processes on the one port.
 */
import cluster from 'node:cluster';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { repoRoot } from './sandbox';

/** The part of undici used here (the bench does not depend on undici itself: it loads the BFF's copy). */
type UpstreamAnswer = {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: NodeJS.ReadableStream;
};
type Undici = {
  Agent: new (o: {
    keepAliveTimeout: number;
    connections: number;
  }) => {
    request(o: {
      origin: string;
      path: string;
      method: string;
      headers: Record<string, string | string[]>;
      body: NodeJS.ReadableStream | null;
    }): Promise<UpstreamAnswer>;
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

function serve(): void {
  const pool = new undici.Agent({ keepAliveTimeout: 30_000, connections: 128 });
  createServer((req, res) => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
    pool
      .request({
        origin: upstream,
        path: req.url ?? '/',
        method: req.method ?? 'GET',
        headers: forwardable(req.headers),
        body,
      })
      .then(
        (up) => {
          // The client left before the answer came (wrk closes its connections in flight at the end of every
          // run): drop the answer. Node 24's pipeline() throws on a destroyed destination, and a throw here was an
          // unhandled rejection that ended the process (CI ci5: the next run's "Connection refused").
          if (res.destroyed) {
            up.body.resume();
            return;
          }
          const headers: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
          res.writeHead(up.statusCode, headers);
          pipeline(up.body, res, () => undefined);
        },
        () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        },
      )
      .catch((err: unknown) => {
        // never the process: one request fails, the proxy goes on
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
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
