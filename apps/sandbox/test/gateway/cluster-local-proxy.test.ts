import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterService, forwardTarget } from '../../src/gateway/cluster-local-proxy';
import { startGateway } from '../../src/gateway/server';

describe('forwardTarget / clusterService', () => {
  it('leaves ordinary requests alone and takes absolute-form cluster-local targets apart', () => {
    expect(forwardTarget('/v1/models/x:predict')).toBeUndefined();
    expect(
      forwardTarget('http://sklearn-iris-predictor.ns.svc.cluster.local/v1/models/sklearn-iris:predict?a=1'),
    ).toEqual({
      ok: true,
      host: 'sklearn-iris-predictor.ns.svc.cluster.local',
      path: '/v1/models/sklearn-iris:predict?a=1',
    });
    expect(clusterService('model-chainer.team-a.svc.cluster.local')).toEqual({
      name: 'model-chainer',
      namespace: 'team-a',
    });
    expect(clusterService('model-chainer.team-a.svc')).toEqual({ name: 'model-chainer', namespace: 'team-a' });
    expect(clusterService('example.com')).toBeUndefined();
  });

  it('is never an open proxy: other names and schemes are refused', () => {
    expect(forwardTarget('http://example.com/')).toMatchObject({ ok: false, status: 403 });
    expect(forwardTarget('http://127.0.0.1:6443/api')).toMatchObject({ ok: false, status: 403 });
    expect(forwardTarget('https://a.b.svc.cluster.local/')).toMatchObject({ ok: false, status: 403 });
    expect(forwardTarget('http://a.b.c.svc.cluster.local/')).toMatchObject({ ok: false, status: 403 });
  });
});

/** One HTTP/1.1 request through the gateway as a forward proxy (what Go's client does with HTTP_PROXY). */
function viaProxy(port: number, target: string, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const u = new URL(target);
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: target, headers: { host: u.host } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('gateway as the cluster-local proxy', () => {
  let upstream: Server;
  let gateway: Server;
  let gwPort = 0;
  const seen: string[] = [];
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.url}`);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"predictions":[1]}');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const upPort = (upstream.address() as AddressInfo).port;
    gateway = await startGateway({
      port: 0,
      domain: 'example.com',
      issuer: 'http://127.0.0.1:1/dex',
      clientId: 'servedeck',
      verify: async () => ({ ok: false, message: 'no token here' }),
      isvcs: () => [{ namespace: 'ns', name: 'sklearn-iris', components: ['predictor'] }],
      endpoints: (ns, name, c) => (ns === 'ns' && name === 'sklearn-iris' && c === 'predictor' ? [upPort] : []),
      serviceEndpoints: (ns, svc) => (ns === 'ns' && svc === 'model-chainer' ? [upPort] : []),
      synced: () => true,
      log: () => {},
    });
    gwPort = (gateway.address() as AddressInfo).port;
  });
  afterAll(() => {
    gateway.close();
    upstream.close();
  });

  it("serves a step call to an InferenceService's cluster-local name, and any Service's, without a token", async () => {
    const step = await viaProxy(
      gwPort,
      'http://sklearn-iris-predictor.ns.svc.cluster.local/v1/models/sklearn-iris:predict',
      '{}',
    );
    expect(step).toEqual({ status: 200, body: '{"predictions":[1]}' });
    const graph = await viaProxy(gwPort, 'http://model-chainer.ns.svc.cluster.local/', '{}');
    expect(graph.status).toBe(200);
    expect(seen).toEqual([
      'sklearn-iris-predictor.ns.svc.cluster.local /v1/models/sklearn-iris:predict',
      'model-chainer.ns.svc.cluster.local /',
    ]);
  });

  it('answers 503 for a Service without ready endpoints and 403 for a name outside the cluster', async () => {
    expect((await viaProxy(gwPort, 'http://nothing.ns.svc.cluster.local/', '{}')).status).toBe(503);
    const refused = await viaProxy(gwPort, 'http://example.org/', '{}');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('only cluster-local names');
  });
});
