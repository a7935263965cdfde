import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterHealth, clusterUnavailable } from '../../src/k8s/health';

type Answer = { status: number; body: string; delayMs?: number };

async function fakeApiserver(answer: () => Answer): Promise<{ url: string; urls: string[]; server: Server }> {
  const urls: string[] = [];
  const server = createServer((req, res) => {
    urls.push(req.url ?? '');
    const a = answer();
    setTimeout(() => res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.body), a.delayMs ?? 0);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, urls, server };
}

const etcdDown =
  '[+]ping ok\n[-]etcd failed: reason withheld\n[+]poststarthook/crd-informer-synced ok\nreadyz check failed\n';

describe('ClusterHealth', () => {
  const servers: Server[] = [];
  const agent = new Agent();
  afterEach(() => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('reports a healthy cluster, asking readyz without the slow etcd-readiness check', async () => {
    const api = await fakeApiserver(() => ({ status: 200, body: 'ok' }));
    servers.push(api.server);
    expect(await new ClusterHealth(api.url, agent).check()).toEqual({ ok: true });
    expect(api.urls).toEqual(['/readyz?verbose&exclude=etcd-readiness']);
  });

  it('tells an etcd outage (failed etcd check) apart, and the 503 names etcd', async () => {
    const api = await fakeApiserver(() => ({ status: 500, body: etcdDown }));
    servers.push(api.server);
    const st = await new ClusterHealth(api.url, agent).check();
    expect(st).toEqual({ ok: false, why: 'storage', detail: 'etcd' });
    if (st.ok) throw new Error('unreachable');
    const read = clusterUnavailable(st, false).apiError;
    expect(read).toMatchObject({ status: 503, reason: 'ClusterUnavailable' });
    expect(read.message).toMatch(/storage \(etcd\)/);
    expect(clusterUnavailable(st, true).apiError.message).toMatch(/may or may not have been applied/);
  });

  it('reports other failed checks as not ready', async () => {
    const api = await fakeApiserver(() => ({ status: 500, body: '[-]informer-sync failed\n' }));
    servers.push(api.server);
    expect(await new ClusterHealth(api.url, agent).check()).toMatchObject({ ok: false, why: 'not-ready' });
  });

  it('reports an apiserver that does not answer (refused, or no answer within the timeout) as unreachable', async () => {
    const api = await fakeApiserver(() => ({ status: 200, body: 'ok', delayMs: 1000 }));
    servers.push(api.server);
    expect(await new ClusterHealth(api.url, agent, 2000, 200).check()).toMatchObject({ ok: false, why: 'unreachable' });
    const closed = await fakeApiserver(() => ({ status: 200, body: 'ok' }));
    await new Promise<void>((ok) => closed.server.close(() => ok()));
    expect(await new ClusterHealth(closed.url, agent).check()).toMatchObject({ ok: false, why: 'unreachable' });
  });

  it('shares one probe between the checks within the TTL, and probes again after it', async () => {
    let down = true;
    const api = await fakeApiserver(() => (down ? { status: 500, body: etcdDown } : { status: 200, body: 'ok' }));
    servers.push(api.server);
    const health = new ClusterHealth(api.url, agent, 150);
    const [a, b] = await Promise.all([health.check(), health.check()]);
    expect(a).toMatchObject({ ok: false, why: 'storage' });
    expect(b).toBe(a);
    expect(api.urls).toHaveLength(1);
    down = false;
    await new Promise((r) => setTimeout(r, 200));
    expect(await health.check()).toEqual({ ok: true });
    expect(api.urls).toHaveLength(2);
  });
});
