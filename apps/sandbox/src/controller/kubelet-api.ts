/**
 * The HTTPS kubelet API the apiserver proxies `pods/log` to (`/containerLogs/NS/POD/CONTAINER`), plus
 * `/healthz`, `/metrics/cadvisor` (per-container CPU and memory under cAdvisor's names, prometheus/cadvisor.ts) and
 * (a sandbox extension) `/ports`, the host port of every running pod's container ports. Only clients with a certificate from the sandbox CA get in (the apiserver's kubelet client).
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { cadvisorText, readProc } from '../prometheus/cadvisor';
import type { Kubelet } from './kubelet';
import { parseCri, parseLogOptions, renderEntries, selectLog } from './kubelet-logs';

export type KubeletApiOptions = { cert: string; key: string; ca: string; port: number; kubelet: Kubelet };

export function startKubeletApi(o: KubeletApiOptions): Promise<Server> {
  const server = createServer(
    { cert: o.cert, key: o.key, ca: o.ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://kubelet');
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (!(req.socket as TLSSocket).authorized) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
        return;
      }
      if (url.pathname === '/metrics/cadvisor' && req.method === 'GET') {
        const text = cadvisorText(o.kubelet.containerProcesses(), readProc());
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
        return;
      }
      if (url.pathname === '/ports' && req.method === 'GET') {
        // sandbox extension: where each running pod's container ports are on 127.0.0.1
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o.kubelet.portMap()));
        return;
      }
      const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (!m || req.method !== 'GET') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
        return;
      }
      const [, ns = '', pod = '', container = ''] = m.map(decodeURIComponent);
      const opts = parseLogOptions(url.searchParams);
      if ('error' in opts) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(opts.error);
        return;
      }
      const file = o.kubelet.logFile(ns, pod, container, opts.previous);
      if (!file) {
        const what = opts.previous ? `previous terminated container "${container}"` : `container "${container}"`;
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(`failed to try resolving symlinks in path: no logs for ${what} in pod "${pod}" (namespace "${ns}")`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
      const text = readFileSync(file, 'utf8');
      res.write(selectLog(text, opts));
      if (!opts.follow || opts.limitBytes !== undefined) {
        res.end();
        return;
      }
      let offset = statSync(file).size;
      let partial = '';
      const timer = setInterval(() => {
        try {
          const size = statSync(file).size;
          if (size > offset) {
            const fd = openSync(file, 'r');
            const buf = Buffer.alloc(size - offset);
            readSync(fd, buf, 0, buf.length, offset);
            closeSync(fd);
            offset = size;
            const chunk = partial + buf.toString('utf8');
            const cut = chunk.lastIndexOf('\n');
            partial = cut >= 0 ? chunk.slice(cut + 1) : chunk;
            if (cut >= 0) res.write(renderEntries(parseCri(chunk.slice(0, cut + 1)), opts));
          } else if (!o.kubelet.isLive(ns, pod, container, file)) {
            clearInterval(timer);
            res.end();
          }
        } catch {
          clearInterval(timer);
          res.end();
        }
      }, 500);
      req.on('close', () => clearInterval(timer));
    },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve(server));
  });
}
