/** How the inference proxy relays the upstream's answer (relay.ts): broken answers, refusals, back-pressure, leaving clients. */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../src/services';
import { FakeOidc, testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';
import { until } from './helpers/until';

const ISVC = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris';
const BIG = 128 * 1024 * 1024;

/** What the upstream saw of the streaming cases. */
const up = { written: 0, waiting: false, ended: false, closed: false };

function upstreamServer(): Server {
  const mb = Buffer.alloc(1024 * 1024, 1);
  return createServer((req, res) => {
    req.resume();
    const model = /^\/v2\/models\/([a-z-]+)\/infer/.exec(req.url ?? '')?.[1];
    switch (model) {
      case 'small-broken':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      case 'stream-broken':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      case 'refused':
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
        res.end('no');
        return;
      case 'moved':
        res.writeHead(307, { location: 'http://elsewhere.example.com/v2/models/x/infer' });
        res.end('moved');
        return;
      case 'open':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        res.once('close', () => {
          up.closed = true;
        });
        return;
      case 'big': {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const more = (): void => {
          up.waiting = false;
          while (up.written < BIG) {
            up.written += mb.length;
            if (!res.write(mb)) {
              up.waiting = true;
              res.once('drain', more);
              return;
            }
          }
          up.ended = true;
          res.end();
        };
        more();
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
}

describe('inference proxy: relaying the answer', () => {
  const api = new FakeServer();
  const upstream = upstreamServer();
  let services: Services;
  let server: Server;
  let base = '';
  let headers: Record<string, string> = {};

  beforeAll(async () => {
    await api.start();
    api.json('GET', ISVC, 200, {
      metadata: { name: 'iris', namespace: 'ns' },
      status: { url: 'http://iris-ns.example.com', address: { url: 'http://iris-predictor.ns.svc.cluster.local' } },
    });
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const t = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
        SERVEDECK_GATEWAY_URL: upstreamUrl,
        SERVEDECK_CLUSTER_LOCAL_URL: upstreamUrl,
      },
      new FakeOidc(),
    );
    services = t.services;
    const login = await request(t.app)
      .post('/auth/password')
      .send({ email: 'user@example.com', password: '12341234' })
      .expect(200);
    headers = {
      cookie: String(login.headers['set-cookie']?.[0]?.split(';')[0]),
      'x-csrf-token': String(login.body.csrfToken),
      'content-type': 'application/json',
    };
    server = t.app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/namespaces/ns/inferenceservices/iris/infer`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    upstream.closeAllConnections();
    upstream.close();
    await services.close();
    await api.stop();
  });

  const url = (model: string, route = 'cluster-local') => `${base}/v2/models/${model}/infer?route=${route}`;

  /** POST `{}` to `model`; the response as it starts (the body not read yet). */
  function post(model: string, route?: string): Promise<IncomingMessage> {
    return new Promise((done, fail) => {
      const req = httpRequest(url(model, route), { method: 'POST', headers, agent: false }, done);
      req.on('error', fail);
      req.end('{}');
    });
  }

  async function json(model: string, route?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await post(model, route);
    let text = '';
    for await (const c of res) text += String(c);
    return { status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> };
  }

  it('a small answer the upstream breaks off before its end: 502 UpstreamUnavailable (nothing of it was sent)', async () => {
    const r = await json('small-broken');
    expect(r.status).toBe(502);
    expect(r.body).toMatchObject({ reason: 'UpstreamUnavailable' });
    expect(String(r.body.message)).toContain('broke off');
  });

  it('a streamed answer the upstream breaks off: the status is out, so the client`s connection is cut', async () => {
    const res = await post('stream-broken');
    expect(res.statusCode).toBe(200);
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      text += c;
    });
    res.on('error', () => {});
    await new Promise((ok) => res.once('close', ok));
    expect(text).toBe('data: one\n\n');
    expect(res.complete).toBe(false);
  });

  it('a 401 to the session token at the gateway is 502 GatewayLoginRequired; the model server`s own 401 passes', async () => {
    const gw = await json('refused', 'gateway');
    expect(gw).toMatchObject({ status: 502, body: { reason: 'GatewayLoginRequired' } });
    const local = await post('refused');
    expect(local.statusCode).toBe(401);
    expect(local.headers['www-authenticate']).toBeUndefined();
    local.resume();
  });

  it('a redirect on the cluster-local route to anything but a login page is 502 BadGateway, not followed', async () => {
    const r = await json('moved');
    expect(r).toMatchObject({ status: 502, body: { reason: 'BadGateway' } });
    expect(String(r.body.message)).toContain('307');
  });

  it('a client that leaves mid-answer: the upstream request is aborted', async () => {
    up.closed = false;
    const res = await post('open');
    await new Promise((ok) => res.once('data', ok));
    res.destroy();
    await until(() => up.closed, 'the upstream request to close');
  });

  it('back-pressure: a client that does not read holds the upstream back; every byte arrives once it reads', async () => {
    Object.assign(up, { written: 0, waiting: false, ended: false });
    const res = await post('big');
    res.pause();
    // the upstream writes until every buffer on the way is full, then waits for a drain that does not come
    let seen = -1;
    let still = 0;
    await until(
      () => {
        still = up.waiting && up.written === seen ? still + 1 : 0;
        seen = up.written;
        return still >= 20;
      },
      'the upstream to stop writing',
      3000,
    );
    expect(up.ended).toBe(false);
    expect(up.written).toBeLessThan(BIG / 2);
    let got = 0;
    res.on('data', (c: Buffer) => {
      got += c.length;
    });
    res.resume();
    await new Promise((ok) => res.once('end', ok));
    expect(got).toBe(BIG);
    expect(up.ended).toBe(true);
  }, 60_000);
});
