import { parseMergedLogLine } from '@servedeck/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffClient, eventually, loginAs, USER_NS } from './client';

const NAME = 'bff-diagnostics';
const base = `/api/namespaces/${USER_NS}/inferenceservices`;
/** Two replicas of a V2 sklearn model: two pods to merge, a model server to ask. */
const isvc = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: NAME },
  spec: {
    predictor: {
      minReplicas: 2,
      model: { modelFormat: { name: 'sklearn' }, protocolVersion: 'v2', storageUri: 'gs://seldon-models/sklearn/iris' },
    },
  },
};

/** The kubelet's time with its fraction padded, so lines compare as times. */
const key = (t: string) => t.replace(/Z$/, '').padEnd(29, '0');

describe('diagnostics against the sandbox', () => {
  let user: BffClient;
  let alice: BffClient;
  beforeAll(async () => {
    user = await loginAs('user@example.com');
    alice = await loginAs('alice@example.com');
    await user.request('DELETE', `${base}/${NAME}`);
    await eventually(
      async () => ((await user.get(`${base}/${NAME}`)).status === 404 ? true : undefined),
      60_000,
      'gone',
    );
    const created = await user.post(base, isvc);
    expect(created.status, created.text).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await user?.request('DELETE', `${base}/${NAME}`);
  });

  it('model readiness: the server and the model both answer ready once loaded (V2, through the gateway)', async () => {
    const r = await eventually(
      async () => {
        const res = await user.get(`${base}/${NAME}/model-readiness`);
        const body = res.json<{ server: { state: string }; modelReady: { state: string } }>();
        return res.status === 200 && body.modelReady.state === 'ready' ? body : undefined;
      },
      300_000,
      'the model ready',
      2_000,
    );
    expect(r).toMatchObject({
      protocol: 'v2',
      model: NAME,
      server: { path: '/v2/health/ready', state: 'ready', status: 200 },
      modelReady: { path: `/v2/models/${NAME}/ready`, state: 'ready', status: 200 },
    });
  }, 320_000);

  it('merged log: both replicas` lines, each with its pod, in time order; the download is the whole log', async () => {
    const text = await eventually(
      async () => {
        const res = await user.get(`${base}/${NAME}/logs?component=predictor`);
        const pods = new Set(
          res.text
            .split('\n')
            .map(parseMergedLogLine)
            .filter((l) => l.time)
            .map((l) => l.pod),
        );
        return res.status === 200 && pods.size === 2 ? res.text : undefined;
      },
      120_000,
      'lines of two pods',
      2_000,
    );
    const lines = text
      .split('\n')
      .map(parseMergedLogLine)
      .filter((l) => l.time);
    for (const l of lines) expect(l.pod).toMatch(new RegExp(`^${NAME}-predictor-`));
    const keys = lines.map((l) => key(l.time));
    expect(keys).toEqual([...keys].sort());

    const whole = await user.get(`${base}/${NAME}/logs?component=predictor&tailLines=1&download=true`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe(
      `attachment; filename="${USER_NS}_${NAME}_predictor_kserve-container.log"`,
    );
    // tailLines is ignored for a download: at least every line the shown log had
    expect(whole.text.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(lines.length);
  });

  it('events include the ReplicaSet`s (the controller`s SuccessfulCreate)', async () => {
    const ev = await eventually(
      async () => {
        const res = await user.get(`${base}/${NAME}/events`);
        const items = res.json<{ items: Array<{ involvedObject: { kind: string } }> }>().items;
        return items.some((e) => e.involvedObject.kind === 'ReplicaSet') ? items : undefined;
      },
      60_000,
      'a ReplicaSet event',
    );
    expect(ev.some((e) => e.involvedObject.kind === 'Pod')).toBe(true);
  });

  it('events include the HPA`s (kube-controller-manager`s horizontal-pod-autoscaler controller)', async () => {
    // KServe makes an HPA per component (Standard mode); its controller writes events on it (rescales, and that it
    // cannot read CPU usage: no metrics.k8s.io here), which the details page must show
    const hpa = await eventually(
      async () => {
        const res = await user.get(`${base}/${NAME}/events`);
        const items = res.json<{
          items: Array<{
            type: string;
            reason: string;
            message: string;
            involvedObject: { kind: string; name: string };
          }>;
        }>().items;
        return items.find((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler');
      },
      150_000,
      'an HPA event',
      3_000,
    );
    expect(hpa.involvedObject.name).toBe(`${NAME}-predictor`);
    // e.g. SuccessfulRescale (Normal) or FailedGetResourceMetric (Warning): the controller's own reasons
    expect(hpa.type).toMatch(/^(Normal|Warning)$/);
    expect(hpa.reason).toMatch(/^(Successful|Failed)[A-Za-z]+$/);
    expect(hpa.message).not.toBe('');
  }, 160_000);

  it('alice may read neither the merged log nor the readiness nor the events (403 from the apiserver)', async () => {
    for (const path of [
      `${base}/${NAME}/logs?component=predictor&follow=true`,
      `${base}/${NAME}/logs?download=true`,
      `${base}/${NAME}/model-readiness`,
      `${base}/${NAME}/events`,
    ]) {
      const res = await alice.get(path);
      expect(res.status, path).toBe(403);
      expect(res.text, path).not.toContain(`${NAME}-predictor-`);
      expect(res.json<{ reason: string }>().reason, path).toBe('Forbidden');
    }
  });
});
