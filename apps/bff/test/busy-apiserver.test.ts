import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyDelayMs, defaultBusyRetry, retryAfterMs } from '../src/k8s/busy';
import { createCluster, K8sClient } from '../src/k8s/client';
import { loadKubeconfig } from '../src/k8s/kubeconfig';
import { FakeServer } from './helpers/fake-apiserver';

const tooMany = {
  kind: 'Status',
  status: 'Failure',
  code: 429,
  reason: 'TooManyRequests',
  message: 'Too many requests, please try again later.',
};

describe('a busy apiserver (429 from API Priority and Fairness)', () => {
  const api = new FakeServer();
  let answers: number[] = [];
  beforeAll(async () => {
    api.on('*', /^\/apis\/serving\.kserve\.io\//, (_req, res) => {
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
      res.end(JSON.stringify(status === 429 ? tooMany : { kind: 'InferenceServiceList', items: [] }));
    });
    await api.start();
  });
  afterAll(() => api.stop());

  const path = '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices';
  function client(requestId?: string) {
    const cluster = createCluster(loadKubeconfig(api.kubeconfig()));
    cluster.busyRetry = { retries: 3, baseMs: 1, maxDelayMs: 5 };
    return { cluster, client: new K8sClient(cluster, { kind: 'bearer', token: 'u' }, requestId) };
  }

  it('retries after Retry-After and answers once the apiserver does', async () => {
    answers = [429, 429];
    const before = api.requests.length;
    const { cluster, client: c } = client();
    try {
      expect((await c.call('GET', path)).status).toBe(200);
      expect(api.requests.length - before).toBe(3);
    } finally {
      await cluster.close();
    }
  });

  it('a write is retried too (APF refuses before doing anything)', async () => {
    answers = [429];
    const before = api.requests.length;
    const { cluster, client: c } = client();
    try {
      expect((await c.call('POST', path, { body: { kind: 'InferenceService' } })).status).toBe(200);
      expect(api.requests.slice(before).map((r) => r.body)).toEqual([
        '{"kind":"InferenceService"}',
        '{"kind":"InferenceService"}',
      ]);
    } finally {
      await cluster.close();
    }
  });

  it('after the retries: 429 ClusterBusy saying the cluster is busy, not a generic error', async () => {
    answers = [429, 429, 429, 429, 429];
    const before = api.requests.length;
    const { cluster, client: c } = client();
    try {
      await expect(c.call('GET', path)).rejects.toMatchObject({
        apiError: { status: 429, reason: 'ClusterBusy', message: expect.stringMatching(/^The cluster is busy/) },
      });
      expect(api.requests.length - before).toBe(4); // the first try and 3 retries
    } finally {
      await cluster.close();
    }
  });

  it('a watch start is retried the same way', async () => {
    answers = [429];
    const before = api.requests.length;
    const { cluster, client: c } = client();
    try {
      const body = await c.stream(path, { watch: true }, AbortSignal.timeout(5000));
      expect(Buffer.concat(await body.toArray()).toString()).toContain('InferenceServiceList');
      expect(api.requests.length - before).toBe(2);
    } finally {
      await cluster.close();
    }
  });

  it('sends the console request id as Audit-ID on every call, retries included', async () => {
    answers = [429];
    const before = api.requests.length;
    const { cluster, client: c } = client('req-1234');
    try {
      await c.call('GET', path);
      expect(api.requests.slice(before).map((r) => r.headers['audit-id'])).toEqual(['req-1234', 'req-1234']);
    } finally {
      await cluster.close();
    }
  });
});

describe('busy retry policy', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
  it('waits as told, at least the exponential floor, never longer than the cap, and gives up', () => {
    const p = defaultBusyRetry;
    expect([0, 1, 2].map((n) => busyDelayMs('1', n, p))).toEqual([1000, 1000, 2000]);
    expect(busyDelayMs('600', 0, p)).toBe(p.maxDelayMs);
    expect(busyDelayMs(undefined, 0, p)).toBe(p.baseMs);
    expect(busyDelayMs('1', p.retries, p)).toBeUndefined();
  });
});
