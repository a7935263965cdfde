import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Admin,
  type Client,
  eventually,
  isvcPath,
  type LocalBff,
  loginClient,
  type Sandbox,
  sandboxEnv,
  scanner,
  sleep,
  startLocalBff,
  USER_NS,
} from './harness';
import { Recorder } from './recorder';

/**
 * The fake InferenceService: `spec.predictor.model` without `modelFormat` is valid for the CRD but not
 * for the sandbox controller's schema, so the controller logs "not an InferenceService this controller
 * understands" and never touches it (it has no "ignore me" annotation; the annotation below is for
 * humans). Its status is then set by the admin through the status subresource, pointing at our recorder.
 */
const NAME = 'sec-proxy-fake';
const prefix = `/api/namespaces/${USER_NS}/inferenceservices/${NAME}/infer`;

/** Send raw bytes to the BFF and read until the server closes or `ms` pass. */
function rawHttp(base: string, bytes: string, ms = 3000): Promise<string> {
  const u = new URL(base);
  return new Promise((resolve) => {
    let out = '';
    const sock = connect(Number(u.port), u.hostname, () => sock.write(bytes, 'latin1'));
    const done = () => {
      sock.destroy();
      resolve(out);
    };
    sock.on('data', (d: Buffer) => {
      out += d.toString('latin1');
    });
    sock.on('end', done);
    sock.on('error', done);
    setTimeout(done, ms);
  });
}

const statusLine = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

describe('inference proxy: only the chosen InferenceService is ever reached', () => {
  let sandbox: Sandbox;
  let admin: Admin;
  let bff: LocalBff;
  let c: Client;
  const upstream = new Recorder();
  const thief = new Recorder();

  beforeAll(async () => {
    sandbox = sandboxEnv();
    admin = new Admin(sandbox);
    await Promise.all([upstream.start(), thief.start()]);
    await admin.call('DELETE', isvcPath(USER_NS, NAME));
    await eventually(
      async () => ((await admin.call('GET', isvcPath(USER_NS, NAME))).status === 404 ? true : undefined),
      30_000,
      'the old fake to be gone',
    );
    const created = await admin.call('POST', isvcPath(USER_NS), {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: {
        name: NAME,
        annotations: { 'servedeck.dev/test': 'fake upstream; the sandbox controller skips it (no modelFormat)' },
      },
      spec: { predictor: { model: { storageUri: 'pvc://none/model' } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patched = await admin.call(
      'PATCH',
      `${isvcPath(USER_NS, NAME)}/status`,
      { status: { url: `${upstream.url}/serving/fake`, address: { url: upstream.url } } },
      'application/merge-patch+json',
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await sleep(1500);
    const back = await admin.call('GET', isvcPath(USER_NS, NAME));
    expect((back.body.status as { url?: string }).url, 'the controller left the status alone').toBe(
      `${upstream.url}/serving/fake`,
    );
    // no gateway configured: the BFF connects to status.url itself (the case where a status could point anywhere)
    bff = await startLocalBff(sandbox, { SERVEDECK_GATEWAY_URL: '', SERVEDECK_CLUSTER_LOCAL_URL: '' });
    c = await loginClient(bff.url, sandbox, 'user@example.com');
  }, 120_000);

  afterAll(async () => {
    await admin?.call('DELETE', isvcPath(USER_NS, NAME));
    await admin?.close();
    await bff?.stop();
    await Promise.all([upstream.stop(), thief.stop()]);
    expect(scanner.findings()).toEqual([]);
  });

  it('a plain request reaches the recorder at the status URL`s path (control)', async () => {
    upstream.clear();
    const res = await c.request('POST', `${prefix}/v2/models/m/infer?x=1`, {
      body: '{"a":1}',
      type: 'application/json',
    });
    expect(res.status, res.text).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.url).toBe('/serving/fake/v2/models/m/infer?x=1');
    expect(upstream.requests[0]?.body).toBe('{"a":1}');
  });

  it('path traversal and encodings are refused before anything is sent', async () => {
    upstream.clear();
    const paths = [
      '/v2/../../metrics',
      '/v2/models/../../../../api/v1/secrets',
      '/v2/%2e%2e/%2e%2e/metrics',
      '/v2/..%2f..%2fmetrics',
      '/v2/%2E%2E%2F%2E%2E%2Fmetrics',
      '/v2/%252e%252e/%252e%252e/metrics',
      '/v2/models/x%2Fy/infer',
      '/v2/models/x%5c..%5c/infer',
      '/v2/./models',
      '/v2\\..\\..\\metrics',
      '/v2/models/%00/infer',
      '/openai/v1/../../metrics',
      '/v1/models/x/../../../metrics',
      '/metrics',
    ];
    for (const p of paths) {
      const raw = await rawHttp(
        bff.url,
        `GET ${prefix}${p} HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nConnection: close\r\n\r\n`,
      );
      expect(statusLine(raw), `${p}: ${raw.slice(0, 300)}`).toBe(400);
      expect(raw, p).toContain('Inference path refused');
    }
    expect(upstream.requests).toEqual([]);
    expect(thief.requests).toEqual([]);
  });

  it('absolute URLs (in the path, or as the request target) never change where the request goes', async () => {
    upstream.clear();
    for (const p of [
      `//${thief.host}/v2/models`,
      `/v2//${thief.host}/x`,
      `/http://${thief.host}/v2`,
      `/v2/http://${thief.host}/x`,
      `/v2/@${thief.host}/x`,
    ]) {
      const raw = await rawHttp(
        bff.url,
        `GET ${prefix}${p} HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nConnection: close\r\n\r\n`,
      );
      const status = statusLine(raw);
      // refused, or (for `@host`, an ordinary path segment) sent to the recorder as a path
      expect([200, 400], `${p}: ${raw.slice(0, 200)}`).toContain(status);
    }
    // absolute-form request target naming another host
    const abs = await rawHttp(
      bff.url,
      `GET http://${thief.host}${prefix}/v2/health/ready HTTP/1.1\r\nHost: ${thief.host}\r\nCookie: ${c.cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect([200, 400, 401, 404]).toContain(statusLine(abs));
    expect(thief.requests).toEqual([]);
    for (const r of upstream.requests) {
      expect(r.headers.host).toBe(upstream.host);
      expect(r.url.startsWith('/serving/fake/v2/')).toBe(true);
    }
  });

  it('Host, X-Forwarded-*, Forwarded, identity, credential, path-override and hop-by-hop headers are not passed on', async () => {
    upstream.clear();
    const res = await c.request('POST', `${prefix}/v2/models/m/infer`, {
      body: '{}',
      type: 'application/json',
      headers: {
        'x-forwarded-host': thief.host,
        'x-forwarded-for': '10.6.6.6',
        'x-forwarded-proto': 'https',
        'x-forwarded-prefix': '/admin',
        forwarded: `host=${thief.host};for=10.6.6.6`,
        'x-real-ip': '10.6.6.6',
        authorization: 'Bearer attacker-token-0123456789',
        'kubeflow-userid': 'admin@example.com',
        'kubeflow-groups': 'system:masters',
        'impersonate-user': 'system:admin',
        'x-original-url': '/admin',
        'x-rewrite-url': '/admin',
        'x-original-uri': '/admin',
        'x-http-method-override': 'DELETE',
        'x-envoy-original-dst-host': thief.host,
        'x-envoy-upstream-rq-timeout-ms': '1',
        'proxy-authorization': 'Basic YTpi',
        'x-model-header': 'kept',
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const h = upstream.requests[0]?.headers ?? {};
    expect(h.host).toBe(upstream.host);
    for (const name of Object.keys(h)) {
      expect(name, 'forwarded header').not.toMatch(
        /^(x-forwarded-|forwarded$|x-real-ip$|kubeflow-|impersonate-|x-original-|x-rewrite-url$|x-http-method|x-envoy-|proxy-authorization$|x-hop$|cookie$|x-csrf-token$)/,
      );
    }
    // the gateway route carries the user's own ID token, never the one the browser sent
    expect(h.authorization).toMatch(/^Bearer eyJ/);
    expect(h.authorization).not.toContain('attacker');
    expect(h['x-model-header']).toBe('kept');
    expect(upstream.raw).not.toContain(thief.host);
    expect(upstream.raw).not.toContain('10.6.6.6');
    // hop-by-hop headers named in Connection (fetch cannot send Connection: raw bytes)
    upstream.clear();
    const raw = await rawHttp(
      bff.url,
      `GET ${prefix}/v2/health/ready HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nConnection: x-hop, close\r\nX-Hop: secret\r\nTE: trailers\r\nUpgrade: h2c\r\n\r\n`,
    );
    expect(statusLine(raw)).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.headers['x-hop']).toBeUndefined();
    expect(upstream.requests[0]?.headers.upgrade).toBeUndefined();
    expect(upstream.raw).not.toContain('secret');
  });

  it('an upstream redirect to another host is not followed (302 and 307, both routes)', async () => {
    upstream.clear();
    for (const status of [302, 307]) {
      upstream.reply = () => ({ status, headers: { location: `${thief.url}/stolen` } });
      const gw = await c.request('POST', `${prefix}/v2/models/m/infer`, { body: '{}', type: 'application/json' });
      expect(gw.status).toBe(502);
      expect(gw.json()).toMatchObject({ reason: 'GatewayLoginRequired' });
      const local = await c.request('POST', `${prefix}/v2/models/m/infer?route=cluster-local`, {
        body: '{}',
        type: 'application/json',
      });
      expect(local.status).toBe(502);
      expect(local.json()).toMatchObject({ reason: 'BadGateway' });
      expect(local.headers.get('location')).toBeNull();
    }
    upstream.reply = (r) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: r.url }),
    });
    expect(upstream.requests).toHaveLength(4);
    expect(thief.requests).toEqual([]);
    expect(thief.raw).toBe('');
  });

  it('request smuggling: Transfer-Encoding with Content-Length, duplicate lengths, CR/LF in headers', async () => {
    upstream.clear();
    const head = `POST ${prefix}/v2/models/m/infer HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nx-csrf-token: ${c.csrf}\r\nContent-Type: application/json\r\n`;
    const smuggled = `GET /smuggled HTTP/1.1\r\nHost: ${thief.host}\r\n\r\n`;
    const attempts: Array<[string, string]> = [
      ['TE + CL', `${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`],
      ['CL + TE', `${head}Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${smuggled}`],
      ['TE obfuscated', `${head}Transfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n{}${smuggled}`],
      ['two Content-Lengths', `${head}Content-Length: 2\r\nContent-Length: 60\r\n\r\n{}${smuggled}`],
      ['bare CR in a header value', `${head}X-Evil: a\rInjected: yes\r\nContent-Length: 2\r\n\r\n{}`],
      ['bare LF in a header value', `${head}X-Evil: a\nInjected: yes\r\nContent-Length: 2\r\n\r\n{}`],
      ['obs-fold continuation line', `${head}X-Evil: a\r\n Injected: yes\r\nContent-Length: 2\r\n\r\n{}`],
      ['NUL in a header value', `${head}X-Evil: a\u0000Injected: yes\r\nContent-Length: 2\r\n\r\n{}`],
    ];
    for (const [label, bytes] of attempts) {
      const raw = await rawHttp(bff.url, bytes, 2000);
      const status = statusLine(raw);
      expect(status, `${label}: ${raw.slice(0, 200)}`).toBe(400);
    }
    // CRLF percent-encoded in the query stays encoded
    const q = await rawHttp(
      bff.url,
      `GET ${prefix}/v2/health/ready?a=%0d%0aInjected:%20yes HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusLine(q)).toBe(200);
    expect(upstream.raw).not.toContain('smuggled');
    expect(upstream.raw.toLowerCase()).not.toMatch(/\r\ninjected:/);
    expect(upstream.requests.every((r) => r.headers.injected === undefined)).toBe(true);
    expect(upstream.requests.length).toBeLessThanOrEqual(1);
    expect(thief.raw).toBe('');
  });

  it('a chunked body with a pipelined request behind it: the second request is the BFF`s, not the upstream`s', async () => {
    upstream.clear();
    const bytes =
      `POST ${prefix}/v2/models/m/infer HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\nx-csrf-token: ${c.csrf}\r\n` +
      `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n` +
      `GET /api/smuggled HTTP/1.1\r\nHost: ${thief.host}\r\nConnection: close\r\n\r\n`;
    const raw = await rawHttp(bff.url, bytes);
    const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 401]); // the pipelined one came without a cookie: the BFF refused it
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.body).toBe('{}');
    expect(upstream.raw).not.toContain('smuggled');
  });
});
