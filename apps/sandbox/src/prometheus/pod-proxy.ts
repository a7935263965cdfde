/**
 * The sandbox's pods all listen on 127.0.0.1, each container port remapped to a host port of its own by
 * the kubelet. Prometheus scrapes `http://127.0.0.1:<proxy>/pods/NS/POD/PORT/PATH`; this proxy asks the
 * kubelet API (`GET /ports`, client certificate) where POD's PORT really is and forwards the GET there.
 */
import { createServer, type Server } from 'node:http';
import { Agent, request } from 'undici';
import { z } from 'zod';

const portMapSchema = z.array(
  z.object({
    namespace: z.string(),
    name: z.string(),
    ports: z.array(z.object({ containerPort: z.number(), hostPort: z.number() })),
  }),
);
export type PortMap = z.infer<typeof portMapSchema>;

/** Where a pod's container port is on 127.0.0.1, from the kubelet's map. */
export function hostPortOf(map: PortMap, namespace: string, pod: string, containerPort: number): number | undefined {
  return map
    .find((p) => p.namespace === namespace && p.name === pod)
    ?.ports.find((p) => p.containerPort === containerPort)?.hostPort;
}

/** `/pods/NS/POD/PORT/rest?query` → its parts, or undefined. */
export function parsePodPath(url: string): { namespace: string; pod: string; port: number; path: string } | undefined {
  const m = /^\/pods\/([a-z0-9.-]+)\/([a-z0-9.-]+)\/(\d{1,5})(\/.*)?$/.exec(url);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { namespace: m[1] ?? '', pod: m[2] ?? '', port, path: m[4] ?? '/' };
}

export type PodProxyOptions = {
  port: number;
  kubeletUrl: string;
  tls: { ca: string; cert: string; key: string };
};

export function startPodProxy(o: PodProxyOptions): Promise<Server> {
  const kubelet = new Agent({ connect: o.tls });
  const pods = new Agent({ keepAliveTimeout: 10_000 });
  let cached: { map: PortMap; at: number } | undefined;
  const portMap = async (fresh: boolean): Promise<PortMap> => {
    if (!fresh && cached && Date.now() - cached.at < 2_000) return cached.map;
    const res = await request(`${o.kubeletUrl}/ports`, { dispatcher: kubelet, headersTimeout: 3_000 });
    const map = portMapSchema.parse(await res.body.json());
    cached = { map, at: Date.now() };
    return map;
  };
  const server = createServer(async (req, res) => {
    const target = parsePodPath(req.url ?? '');
    if (!target || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a /pods/NS/POD/PORT/PATH GET\n');
      return;
    }
    try {
      let hostPort = hostPortOf(await portMap(false), target.namespace, target.pod, target.port);
      hostPort ??= hostPortOf(await portMap(true), target.namespace, target.pod, target.port);
      if (hostPort === undefined) {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(`pod ${target.namespace}/${target.pod} port ${target.port} not running here\n`);
        return;
      }
      const up = await request(`http://127.0.0.1:${hostPort}${target.path}`, {
        dispatcher: pods,
        headers: { accept: String(req.headers.accept ?? '*/*') },
        headersTimeout: 4_000,
        bodyTimeout: 4_000,
      });
      const type = up.headers['content-type'];
      res.writeHead(up.statusCode, typeof type === 'string' ? { 'content-type': type } : {});
      for await (const chunk of up.body) res.write(chunk);
      res.end();
    } catch (err) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`scrape failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  });
  server.on('close', () => {
    void kubelet.close();
    void pods.close();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve(server));
  });
}
