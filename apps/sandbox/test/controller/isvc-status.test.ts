import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { computeStatus, type StatusInput } from '../../src/controller/isvc-status';
import { inferenceServiceSchema } from '../../src/controller/kserve-types';

const now = '2026-05-01T10:00:00Z';
const base: StatusInput = {
  generation: 1,
  previous: undefined,
  name: 'sklearn-iris',
  namespace: 'kubeflow-user-example-com',
  domain: 'example.com',
  stopped: false,
  components: [],
  now,
};

function pod(extra: Partial<NonNullable<V1Pod['status']>>): V1Pod {
  return { metadata: { name: 'sklearn-iris-predictor-abc-x1' }, status: { phase: 'Pending', ...extra } };
}

const cond = (s: ReturnType<typeof computeStatus>, type: string) => s.conditions.find((c) => c.type === type);

describe('computeStatus', () => {
  it('is Ready with URLs when the deployment is available', () => {
    const s = computeStatus({
      ...base,
      components: [
        {
          type: 'predictor',
          deployment: { available: true, progressingReason: 'NewReplicaSetAvailable', replicaSetName: 'rs' },
          pods: [pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] })],
        },
      ],
      runtime: { name: 'kserve-mlserver', scope: 'cluster' },
    });
    expect(cond(s, 'Ready')?.status).toBe('True');
    expect(cond(s, 'PredictorReady')?.status).toBe('True');
    expect(cond(s, 'IngressReady')?.status).toBe('True');
    expect(cond(s, 'Stopped')?.status).toBe('False');
    expect(s.url).toBe('http://sklearn-iris-kubeflow-user-example-com.example.com');
    expect(s.address).toEqual({ url: 'http://sklearn-iris-predictor.kubeflow-user-example-com.svc.cluster.local' });
    expect(s.components?.predictor).toEqual({
      url: 'http://sklearn-iris-predictor-kubeflow-user-example-com.example.com',
      address: { url: 'http://sklearn-iris-predictor.kubeflow-user-example-com.svc.cluster.local' },
    });
    expect(s.modelStatus).toEqual({
      transitionStatus: 'UpToDate',
      states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
      copies: { failedCopies: 0, totalCopies: 1 },
    });
    expect(s.clusterServingRuntimeName).toBe('kserve-mlserver');
    expect(s.deploymentMode).toBe('Standard');
    expect(s.observedGeneration).toBe(1);
    expect(s.conditions.map((c) => c.type)).toEqual([...s.conditions.map((c) => c.type)].sort());
  });

  it('reports the storage initializer failure as FailedToLoad / BlockedByFailedLoad', () => {
    const s = computeStatus({
      ...base,
      components: [
        {
          type: 'predictor',
          deployment: { available: false, progressingReason: 'ReplicaSetUpdated', replicaSetName: 'rs' },
          pods: [
            pod({
              initContainerStatuses: [
                {
                  name: 'storage-initializer',
                  image: 'x',
                  imageID: '',
                  ready: false,
                  restartCount: 1,
                  state: { waiting: { reason: 'CrashLoopBackOff' } },
                  lastState: {
                    terminated: {
                      exitCode: 1,
                      reason: 'Error',
                      message: 'Cannot recognize storage type',
                      finishedAt: new Date(now),
                    },
                  },
                },
              ],
            }),
          ],
        },
      ],
    });
    expect(cond(s, 'PredictorReady')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(s.url).toBeUndefined();
    expect(s.modelStatus).toMatchObject({
      transitionStatus: 'BlockedByFailedLoad',
      states: { targetModelState: 'FailedToLoad' },
      lastFailureInfo: { reason: 'ModelLoadFailed', message: 'Cannot recognize storage type', exitCode: 1, time: now },
    });
  });

  it('reports NoSupportingRuntime as InvalidSpec', () => {
    const s = computeStatus({
      ...base,
      components: [
        {
          type: 'predictor',
          failure: {
            reason: 'NoSupportingRuntime',
            message: 'No runtime found to support specified framework/version',
          },
          pods: [],
        },
      ],
    });
    expect(cond(s, 'PredictorReady')).toMatchObject({ status: 'False', reason: 'NoSupportingRuntime' });
    expect(s.modelStatus).toMatchObject({
      transitionStatus: 'InvalidSpec',
      states: { targetModelState: 'FailedToLoad' },
      lastFailureInfo: {
        reason: 'NoSupportingRuntime',
        message: 'No runtime found to support specified framework/version',
      },
    });
  });

  it('marks a stopped service Stopped', () => {
    const s = computeStatus({ ...base, stopped: true, components: [{ type: 'predictor', pods: [] }] });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'Stopped' });
    expect(cond(s, 'IngressReady')).toMatchObject({ status: 'False', reason: 'Stopped' });
    expect(cond(s, 'Stopped')?.status).toBe('True');
  });

  it('keeps lastTransitionTime of unchanged conditions', () => {
    const first = computeStatus({ ...base, components: [{ type: 'predictor', pods: [] }] });
    const second = computeStatus({
      ...base,
      previous: first,
      now: '2026-05-01T11:00:00Z',
      components: [{ type: 'predictor', pods: [] }],
    });
    expect(cond(second, 'Ready')?.lastTransitionTime).toBe(now);
  });

  it('reads the previous status back through the shared schema: times and a failure record are kept', () => {
    const failed = computeStatus({
      ...base,
      components: [{ type: 'predictor', failure: { reason: 'NoSupportingRuntime', message: 'no runtime' }, pods: [] }],
    });
    const stored = inferenceServiceSchema.parse(
      JSON.parse(
        JSON.stringify({
          metadata: { name: 'sklearn-iris' },
          spec: { predictor: {} },
          status: { ...failed, extra: 1 },
        }),
      ),
    );
    const again = computeStatus({
      ...base,
      previous: stored.status,
      now: '2026-05-01T11:00:00Z',
      components: [{ type: 'predictor', failure: { reason: 'NoSupportingRuntime', message: 'no runtime' }, pods: [] }],
    });
    expect(again.modelStatus.lastFailureInfo).toEqual({
      reason: 'NoSupportingRuntime',
      message: 'no runtime',
      time: now,
    });
    expect(cond(again, 'PredictorReady')?.lastTransitionTime).toBe(now);
  });

  it('treats a transitionStatus it did not write as InProgress', () => {
    const s = computeStatus({
      ...base,
      previous: { modelStatus: { transitionStatus: 'Whatever' } },
      components: [{ type: 'predictor', pods: [] }],
    });
    expect(s.modelStatus.transitionStatus).toBe('InProgress');
  });
});
