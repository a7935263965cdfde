import { describe, expect, it } from 'vitest';
import * as fixtures from '../src/fixtures/index';
import { eventSchema, inferenceServiceSchema, podSchema } from '../src/k8s-objects';
import { diagnoseIsvc, eventFindings } from '../src/why-not-ready';

const isvc = (o: unknown) => inferenceServiceSchema.parse(o);

describe('diagnoseIsvc', () => {
  it('merges the failing condition, the crash-looping container and the warning event', () => {
    const d = diagnoseIsvc({
      isvc: isvc(fixtures.crashLoopIsvc),
      pods: [podSchema.parse(fixtures.crashLoopPod)],
      events: [eventSchema.parse(fixtures.backOffEvent), eventSchema.parse(fixtures.createdEvent)],
    });
    expect(d.status.phase).toBe('NotReady');
    const reasons = d.findings.map((f) => `${f.severity}:${f.reason}`);
    expect(reasons).toEqual([
      'error:MinimumReplicasUnavailable',
      'error:CrashLoopBackOff',
      'warning:Error',
      'warning:BackOff',
    ]);
    expect(d.findings[1]?.source).toBe('pod sklearn-irisv2-predictor-5d8c7b9f4-k8m2p, container kserve-container');
    expect(d.findings[2]?.message).toContain('5 restarts');
    expect(d.findings[3]?.message).toContain('(×12)');
  });

  it('puts lastFailureInfo first when the model failed to load', () => {
    const d = diagnoseIsvc({ isvc: isvc(fixtures.failedIsvc) });
    expect(d.status.phase).toBe('Failed');
    expect(d.findings[0]).toMatchObject({
      severity: 'error',
      reason: 'ModelLoadFailed',
      source: expect.stringContaining('lastFailureInfo'),
      message: expect.stringContaining('exit code 1'),
    });
    expect(d.findings.some((f) => f.reason === 'BlockedByFailedLoad')).toBe(true);
    expect(d.findings.some((f) => f.source === 'condition PredictorReady' && f.reason === 'RevisionFailed')).toBe(true);
  });

  it("names the storage URI when KServe's storage-initializer message does not", () => {
    const failed = fixtures.failedIsvc;
    const kserveSays = {
      ...failed,
      status: {
        ...failed.status,
        modelStatus: {
          ...failed.status.modelStatus,
          lastFailureInfo: {
            ...failed.status.modelStatus.lastFailureInfo,
            message: "GCS resource 'models' not found.",
          },
        },
      },
    };
    const uri = 'gs://kfserving-examples/models/xgboost/missing';
    expect(diagnoseIsvc({ isvc: isvc(kserveSays) }).findings[0]?.message).toBe(
      `GCS resource 'models' not found; exit code 1; storage URI ${uri}`,
    );
    // a message that already names it is left as it is
    expect(diagnoseIsvc({ isvc: isvc(failed) }).findings[0]?.message).not.toContain('storage URI');
  });

  it('has nothing to report for a healthy service and says so for a stopped one', () => {
    expect(
      diagnoseIsvc({ isvc: isvc(fixtures.readyIsvc), pods: [podSchema.parse(fixtures.readyPod)] }).findings,
    ).toEqual([]);
    const stopped = diagnoseIsvc({ isvc: isvc(fixtures.stoppedIsvc) });
    expect(stopped.findings).toHaveLength(1);
    expect(stopped.findings[0]?.reason).toBe('Stopped');
  });

  it('does not count Stopped=False (a negative-polarity condition) as a problem', () => {
    const running = {
      ...fixtures.readyIsvc,
      status: {
        ...fixtures.readyIsvc.status,
        conditions: [...fixtures.readyIsvc.status.conditions, { type: 'Stopped', status: 'False' }],
      },
    };
    expect(diagnoseIsvc({ isvc: isvc(running) }).findings).toEqual([]);
  });

  it('explains a just-created service with no status yet', () => {
    const d = diagnoseIsvc({ isvc: isvc({ metadata: { name: 'x' }, spec: {} }) });
    expect(d.findings[0]?.message).toMatch(/not reported any status/);
  });
});

describe('eventFindings', () => {
  const warning = (name: string, times: Record<string, string>) =>
    eventSchema.parse({
      metadata: { name },
      type: 'Warning',
      reason: name,
      message: name,
      involvedObject: { kind: 'Pod', name: 'p' },
      ...times,
    });

  it('newest first by time, seconds and microseconds alike; an event without a time last', () => {
    const reasons = eventFindings([
      warning('none', {}),
      warning('older', { lastTimestamp: '2026-12-07T03:00:00Z' }),
      warning('micro', { eventTime: '2026-12-07T03:00:00.500000Z' }),
      warning('newest', { lastTimestamp: '2026-12-07T03:00:01Z' }),
    ]).map((f) => f.reason);
    expect(reasons).toEqual(['newest', 'micro', 'older', 'none']);
  });
});
