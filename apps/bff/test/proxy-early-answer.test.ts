import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOidc, testApp } from './helpers/app';
import { FakeServer } from './helpers/fake-apiserver';

const ISVC = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/iris';
const infer = '/api/namespaces/ns/inferenceservices/iris/infer/v2/models/iris/infer?route=cluster-local';

type Answer = { status: number; text: string };

/** POST `body` through `agent`; resolves with the answer, or 'no answer' after `giveUpMs`. */
function post(url: string, agent: Agent, headers: Record<string, string>, body: Buffer, giveUpMs: number) {
  return new Promise<Answer | 'no answer' | string>((done) => {
    const req = httpRequest(
      url,
      { agent, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', (err) => done(`error: ${err.message}`));
    setTimeout(() => {
      req.destroy();
      done('no answer');
    }, giveUpMs).unref();
    req.end(body);
  });
}

/**
 * Known problem 5: an upstream that answers before it has read a multi-MB upload (nginx `return 200`)
 * left the rest of the client's upload unread, and the client's connection stuck behind it.
 */
describe('inference proxy: the upstream answers before reading the upload', () => {
  const api = new FakeServer();
  let upstream: Server;
  let upstreamUrl = '';
  let upstreamRead = 0;
  beforeAll(async () => {
    await api.start();
    api.json('GET', ISVC, 200, {
      metadata: { name: 'iris', namespace: 'ns' },
      status: { url: 'http://iris-ns.example.com', address: { url: 'http://iris-predictor.ns.svc.cluster.local' } },
    });
    // Answers at once and never reads the request body.
    upstream = createServer((req, res) => {
      req.pause();
      req.once('data', (c: Buffer) => {
        upstreamRead += c.length;
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"early":true}');
    });
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await api.stop();
    upstream.closeAllConnections();
    await new Promise<void>((ok) => upstream.close(() => ok()));
  });

  it('the client gets the upstream`s answer and keeps its connection, for 4 MB and 16 MB bodies', async () => {
    const { app, services } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
        SERVEDECK_CLUSTER_LOCAL_URL: upstreamUrl,
        SERVEDECK_INFER_TIMEOUT_MS: '60000',
      },
      new FakeOidc(),
    );
    const login = await request(app)
      .post('/auth/password')
      .send({ email: 'user@example.com', password: '12341234' })
      .expect(200);
    const cookie = String(login.headers['set-cookie']?.[0]?.split(';')[0]);
    const headers = {
      cookie,
      'x-csrf-token': String(login.body.csrfToken),
      'content-type': 'application/octet-stream',
    };
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', ok));
    let connections = 0;
    server.on('connection', () => {
      connections += 1;
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${infer}`;
    // one keep-alive connection for every request, as a load generator or a browser reuses it
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const mb of [4, 4, 16, 4]) {
        const r = await post(url, agent, headers, Buffer.alloc(mb * 1024 * 1024, 1), 30_000);
        expect(r, `${mb} MB`).toEqual({ status: 200, text: '{"early":true}' });
      }
      // the rest of each upload was read and discarded: the same connection carried every request
      expect(connections).toBe(1);
      expect(upstreamRead).toBeLessThan(4 * 1024 * 1024);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      server.close();
      await services.close();
    }
  }, 120_000);
});
