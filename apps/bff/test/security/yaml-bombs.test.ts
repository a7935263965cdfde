import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOidc, loggedIn, testApp } from '../helpers/app';
import { FakeServer } from '../helpers/fake-apiserver';

const ISVCS = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices';
const MB = 1024 * 1024;

/** Billion laughs: 9 levels of 10 aliases each = 10^9 strings once expanded. */
function billionLaughs(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  }
  return `metadata: {name: lol}\nspec:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** Many small aliases of one big anchor: cheap to send, large once expanded (quadratic blow-up). */
function wideAliases(): string {
  const big = `[${Array.from({ length: 2000 }, (_, i) => `"x${i}"`).join(',')}]`;
  const refs = Array.from({ length: 5000 }, (_, i) => `  k${i}: *big`).join('\n');
  return `metadata: {name: wide}\nbig: &big ${big}\nspec:\n${refs}\n`;
}

describe('hostile request bodies: a clear 4xx, quickly, with memory bounded', () => {
  const api = new FakeServer();
  let app: Awaited<ReturnType<typeof testApp>>['app'];
  let agent: Awaited<ReturnType<typeof loggedIn>>['agent'];
  let csrf = '';

  beforeAll(async () => {
    await api.start();
    api.on('POST', ISVCS, (_req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(body);
    });
    ({ app } = await testApp(
      {
        SERVEDECK_KUBECONFIG: api.kubeconfig(),
        SERVEDECK_OIDC_ISSUER: 'https://issuer.test/dex',
        SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
      },
      new FakeOidc(),
    ));
    ({ agent, csrf } = await loggedIn(app));
  });
  afterAll(() => api.stop());

  async function post(body: string | Buffer, type: string) {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const res = await agent
      .post('/api/namespaces/ns/inferenceservices')
      .set('x-csrf-token', csrf)
      .set('content-type', type)
      .send(body);
    const grownMb = (process.memoryUsage().rss - rss0) / MB;
    return { res, grownMb };
  }

  it.each([
    ['billion laughs', billionLaughs],
    ['wide aliases of a big anchor', wideAliases],
  ])(
    '%s: 400 with a message, nothing sent upstream',
    async (_label, make) => {
      const before = api.requests.length;
      const { res, grownMb } = await post(make(), 'application/yaml');
      expect(res.status, res.text).toBe(400);
      expect(res.body).toMatchObject({ status: 400, reason: 'BadRequest' });
      expect(res.body.message).toMatch(/YAML is not valid/);
      expect(grownMb).toBeLessThan(200);
      expect(api.requests.length).toBe(before);
    },
    30_000,
  );

  it.each([
    ['YAML flow sequences', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`, 'application/yaml'],
    [
      'YAML block mappings',
      (n: number) => Array.from({ length: Math.min(n, 1500) }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
      'application/yaml',
    ],
    [
      'JSON arrays',
      (n: number) => `{"metadata":{"name":"deep"},"spec":${'['.repeat(n)}${']'.repeat(n)}}`,
      'application/json',
    ],
    [
      'JSON objects',
      (n: number) => `{"metadata":{"name":"deep"},"spec":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`,
      'application/json',
    ],
  ])(
    'deep nesting (%s): passed on when moderate, a 4xx when absurd, never a crash or a 500',
    async (_label, make, type) => {
      for (const depth of [100, 100_000]) {
        const body = make(depth);
        const { res, grownMb } = await post(body, type);
        const what = `${depth}: ${res.text.slice(0, 200)}`;
        expect(res.status, what).toBeLessThan(500);
        // the fake apiserver accepts anything: a moderate depth reaches it, an absurd one must not
        if (depth >= 100_000 && body.length > 2 * MB) expect(res.status, what).toBe(413);
        else if (depth >= 100_000) expect(res.status, what).toBe(400);
        expect(grownMb).toBeLessThan(300);
      }
    },
    60_000,
  );

  it.each([
    ['application/yaml', () => `metadata: {name: big}\nspec:\n  data: "${'x'.repeat(10 * MB)}"\n`],
    ['application/json', () => `{"metadata":{"name":"big"},"data":"${'x'.repeat(10 * MB)}"}`],
    ['application/merge-patch+json', () => `{"data":"${'x'.repeat(10 * MB)}"}`],
  ])(
    'a 10 MB %s document: 413 RequestEntityTooLarge',
    async (type, make) => {
      const { res, grownMb } = await post(make(), type);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ status: 413, reason: 'RequestEntityTooLarge' });
      expect(grownMb).toBeLessThan(200);
    },
    30_000,
  );

  it('the app still answers afterwards', async () => {
    await request(app).get('/healthz').expect(200);
    const ok = await post(
      'metadata: {name: fine}\nspec: {predictor: {model: {modelFormat: {name: sklearn}}}}\n',
      'application/yaml',
    );
    expect(ok.res.status).toBe(201);
  });
});
