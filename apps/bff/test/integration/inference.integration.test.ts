import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, bffUrl, eventually, loginAs, seen, USER_NS } from './client';

const NAME = 'bff-irisv2';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;
const irisInput = readFileSync('/work/shared/kserve/samples/v1beta1_sklearn_v2_iris-input.json', 'utf8');

type Isvc = { status?: { url?: string; conditions?: Array<{ type: string; status: string }> } };

describe('inference proxy against the sandbox gateway and a real model server', () => {
  let c: BffClient;
  beforeAll(async () => {
    c = await loginAs('user@example.com');
    const existing = await c.get(`${base}/${NAME}`);
    if (existing.status === 404) {
      const created = await c.request('POST', base, {
        type: 'application/yaml',
        body: [
          `metadata:`,
          `  name: ${NAME}`,
          `spec:`,
          `  predictor:`,
          `    model:`,
          `      modelFormat: {name: sklearn}`,
          `      protocolVersion: v2`,
          `      storageUri: gs://seldon-models/sklearn/iris`,
        ].join('\n'),
      });
      expect(created.status, created.text).toBe(201);
    }
    await eventually(
      async () => {
        const r = await c.get(`${base}/${NAME}`);
        const isvc = r.json() as Isvc;
        const ready = isvc.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
        return ready && isvc.status?.url ? true : undefined;
      },
      8 * 60_000,
      `${NAME} to become Ready`,
    );
  }, 10 * 60_000);

  afterAll(async () => {
    await c.request('DELETE', `${base}/${NAME}`);
    for (const r of seen) expect(r.body + r.headers, r.url).not.toContain('eyJ');
  });

  it('the seed`s iris input through the gateway predicts [1, 1]', async () => {
    const res = await c.request('POST', `${base}/${NAME}/infer/v2/models/${NAME}/infer`, {
      type: 'application/json',
      body: irisInput,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/^upstream;dur=\d/);
    const out = res.json() as { model_name: string; outputs: Array<{ data: number[] }> };
    expect(out.model_name).toBe(NAME);
    expect(out.outputs[0]?.data).toEqual([1, 1]);
  });

  it('the same through the cluster-local address', async () => {
    const res = await c.request('POST', `${base}/${NAME}/infer/v2/models/${NAME}/infer?route=cluster-local`, {
      type: 'application/json',
      body: irisInput,
    });
    expect(res.status, res.text).toBe(200);
    expect((res.json() as { outputs: Array<{ data: number[] }> }).outputs[0]?.data).toEqual([1, 1]);
  });

  it('answers model metadata and readiness (GET)', async () => {
    const ready = await c.get(`${base}/${NAME}/infer/v2/models/${NAME}/ready`);
    expect(ready.status).toBe(200);
  });

  it('refuses a 20 MB body with 413 without reading it', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 0x20);
    const res = await c.request('POST', `${base}/${NAME}/infer/v2/models/${NAME}/infer`, {
      type: 'application/json',
      body: big,
    });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, reason: 'RequestEntityTooLarge' });
  });

  it('refuses paths outside the protocols', async () => {
    // raw request paths (fetch would resolve dot segments before sending)
    const rawGet = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(bffUrl());
        const req = httpRequest({ host: u.hostname, port: u.port, path, headers: { cookie: c.cookie } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    for (const p of [
      '/metrics',
      '/v2/..%2f..%2fmetrics',
      '/v2/models/x/%2e%2e/%2e%2e/%2e%2e/metrics',
      '/v2/../../metrics',
      '//evil.example.com/v2',
    ]) {
      expect(await rawGet(`${base}/${NAME}/infer${p}`), p).toBe(400);
    }
  });

  it('streams the predictor pod`s log and lists its resources', async () => {
    const resources = (await c.get(`${base}/${NAME}/resources`)).json() as {
      pods: Array<{ metadata: { name: string }; spec: { containers: Array<{ name: string }> } }>;
    };
    const pod = resources.pods[0];
    expect(pod, 'a predictor pod').toBeDefined();
    const container = pod?.spec.containers[0]?.name ?? 'kserve-container';
    const log = await c.get(
      `/api/namespaces/${USER_NS}/pods/${pod?.metadata.name}/log?container=${container}&tailLines=50`,
    );
    expect(log.status, log.text).toBe(200);
    expect(log.headers.get('content-type')).toContain('text/plain');
  });
});
