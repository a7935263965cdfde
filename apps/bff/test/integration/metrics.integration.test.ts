/**
 * Metrics from the sandbox's real Prometheus (issue 15): inferences to a seed-model InferenceService show
 * up on its metrics route (count, p95, CPU of its pod); RBAC decides who may read them; a Prometheus that
 * stops answering is a 503 MetricsUnavailable before the client's 5 s timeout.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IsvcMetrics, isvcMetricsSchema } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, bffUrl, eventually, loginAs, sandboxEnv, USER_NS } from './client';

const NAME = 'metrics-iris';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;
const metricsPath = `${base}/${NAME}/metrics?range=15m`;
const irisInput = readFileSync('/work/shared/kserve/samples/v1beta1_sklearn_v2_iris-input.json', 'utf8');
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

type Isvc = { status?: { url?: string; conditions?: Array<{ type: string; status: string }> } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const last = (m: IsvcMetrics, metric: string) => m.series.find((s) => s.metric === metric)?.points.at(-1)?.[1];

/** The process group of the sandbox's Prometheus component (its launcher and Prometheus itself). */
function prometheusGroup(): number {
  const dir = process.env.SERVEDECK_SANDBOX_DIR ?? join(repoRoot, '.sandbox');
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as {
    components: { prometheus?: { pid: number } };
  };
  const pid = state.components.prometheus?.pid;
  if (!pid) throw new Error(`no prometheus component in ${dir}/state.json`);
  return pid;
}

describe('metrics route against the sandbox Prometheus', () => {
  let c: BffClient;

  async function infer(n: number, concurrency: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next += 1;
        const res = await c.request('POST', `${base}/${NAME}/infer/v2/models/${NAME}/infer`, {
          type: 'application/json',
          body: irisInput,
        });
        expect(res.status, res.text).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  beforeAll(async () => {
    expect(sandboxEnv().bff.SERVEDECK_PROMETHEUS_URL, 'sandbox env has no Prometheus').toMatch(
      /^http:\/\/127\.0\.0\.1:/,
    );
    c = await loginAs('user@example.com');
    const existing = await c.get(`${base}/${NAME}`);
    if (existing.status === 404) {
      const created = await c.request('POST', base, {
        type: 'application/yaml',
        body: [
          'metadata:',
          `  name: ${NAME}`,
          'spec:',
          '  predictor:',
          '    model:',
          '      modelFormat: {name: sklearn}',
          '      protocolVersion: v2',
          '      storageUri: gs://seldon-models/sklearn/iris',
        ].join('\n'),
      });
      expect(created.status, created.text).toBe(201);
    }
    await eventually(
      async () => {
        const isvc = (await c.get(`${base}/${NAME}`)).json() as Isvc;
        const ready = isvc.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
        return ready && isvc.status?.url ? true : undefined;
      },
      8 * 60_000,
      `${NAME} to become Ready`,
    );
  }, 10 * 60_000);

  afterAll(async () => {
    await c?.request('DELETE', `${base}/${NAME}`);
  });

  it('100 inferences show up within 30 s: request count, a p95 latency and CPU > 0 for its pod', async () => {
    // The model server creates its histogram series at the first request: one first, seen by a scrape
    // (every 5 s), so that the 100 that follow are counted from it.
    await infer(1, 1);
    await eventually(
      async () => {
        const m = isvcMetricsSchema.parse((await c.get(metricsPath)).json());
        return (m.totals.requests ?? -1) >= 0 ? true : undefined;
      },
      30_000,
      'the first request to be scraped',
      1000,
    );
    await infer(100, 4);
    const m = await eventually(
      async () => {
        const r = await c.get(metricsPath);
        expect(r.status, r.text).toBe(200);
        const body = isvcMetricsSchema.parse(r.json());
        const total = body.totals.requests ?? 0;
        const p95 = last(body, 'latencyP95');
        const cpu = body.series.find((s) => s.metric === 'cpu')?.points.some(([, v]) => v > 0);
        return total >= 100 && p95 !== undefined && cpu ? body : undefined;
      },
      30_000,
      'the 100 requests, a p95 and CPU on the metrics route',
      1000,
    );
    process.stdout.write(
      `metrics route: ${m.totals.requests?.toFixed(1)} requests, p95 ${((last(m, 'latencyP95') ?? 0) * 1000).toFixed(1)} ms, cpu ${last(m, 'cpu')?.toFixed(3)} cores, memory ${((last(m, 'memory') ?? 0) / 2 ** 20).toFixed(0)} MiB\n`,
    );
    // counted from the first scrape of the series (the warm-up request): exactly the 100
    expect(m.totals.requests).toBe(100);
    expect(last(m, 'latencyP95')).toBeGreaterThan(0);
    expect(last(m, 'latencyP95')).toBeLessThan(5);
    // MLServer (the seed's sklearn v2 runtime here) counts by status code; KServe's ModelServer has no status
    const outcomes = m.series.filter((s) => s.metric === 'requests').map((s) => s.label);
    expect(outcomes.length).toBeGreaterThan(0);
    if (outcomes.includes('2xx')) expect(m.totals.errors).toBe(0);
    else expect(outcomes).toEqual(['all']);
    expect(last(m, 'memory')).toBeGreaterThan(10 * 1024 * 1024);
    expect(last(m, 'readyReplicas')).toBe(1);
  }, 120_000);

  it("alice may not read user@example.com's metrics (403); the viewer may", async () => {
    const alice = await loginAs('alice@example.com');
    const denied = await alice.get(metricsPath);
    expect(denied.status, denied.text).toBe(403);
    expect(denied.text).not.toContain('container_cpu');
    const viewer = await loginAs('viewer@example.com');
    const ok = await viewer.get(metricsPath);
    expect(ok.status, ok.text).toBe(200);
    expect(isvcMetricsSchema.parse(ok.json()).name).toBe(NAME);
    const rates = await viewer.get(`/api/namespaces/${USER_NS}/inferenceservice-metrics`);
    expect(rates.status, rates.text).toBe(200);
    expect((await alice.get(`/api/namespaces/${USER_NS}/inferenceservice-metrics`)).status).toBe(403);
  });

  it('Prometheus not answering: 503 MetricsUnavailable, before a 5 s client timeout', async () => {
    const group = prometheusGroup();
    process.kill(-group, 'SIGSTOP');
    try {
      const res = await fetch(`${bffUrl()}${metricsPath}`, {
        headers: { cookie: c.cookie ?? '' },
        signal: AbortSignal.timeout(5_000),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        reason: 'MetricsUnavailable',
        message: expect.stringMatching(/^Prometheus/),
      });
      // the rest of ServeDeck is unaffected
      expect((await c.get(`${base}/${NAME}`)).status).toBe(200);
    } finally {
      process.kill(-group, 'SIGCONT');
    }
    await sleep(1000);
  });
});
