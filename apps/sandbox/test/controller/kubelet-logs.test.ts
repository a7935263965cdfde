import { describe, expect, it } from 'vitest';
import { criLine } from '../../src/controller/kubelet';
import { parseLogOptions, selectLog } from '../../src/controller/kubelet-logs';
import { backoffSeconds, podStatus } from '../../src/controller/pod-status';

const t0 = new Date('2026-05-01T10:00:00.000Z');
const file = [
  criLine('stdout', 'one', t0),
  criLine('stderr', 'two', new Date(t0.getTime() + 60_000)),
  criLine('stdout', 'three', new Date(t0.getTime() + 120_000)),
].join('');

function opts(q: string) {
  const o = parseLogOptions(new URLSearchParams(q));
  if ('error' in o) throw new Error(o.error);
  return o;
}

describe('container logs', () => {
  it('returns every line without timestamps by default', () => {
    expect(selectLog(file, opts(''))).toBe('one\ntwo\nthree\n');
  });
  it('applies tailLines, sinceSeconds, timestamps and limitBytes', () => {
    expect(selectLog(file, opts('tailLines=2'))).toBe('two\nthree\n');
    expect(selectLog(file, opts('sinceSeconds=90'), t0.getTime() + 150_000)).toBe('two\nthree\n');
    expect(selectLog(file, opts('tailLines=1&timestamps=true'))).toBe('2026-05-01T10:02:00.000Z three\n');
    expect(selectLog(file, opts('limitBytes=5'))).toBe('one\nt');
  });
  it('rejects bad numbers', () => {
    expect(parseLogOptions(new URLSearchParams('tailLines=-1'))).toEqual({
      error: 'tailLines must be a non-negative integer',
    });
  });
});

describe('pod status', () => {
  const running = (qosClass?: string) =>
    podStatus({
      startTime: '2026-05-01T10:00:00Z',
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      transitions: {},
      initialized: true,
      init: [],
      containers: [
        {
          name: 'kserve-container',
          image: 'example.invalid/custom:1',
          restartCount: 0,
          ready: false,
          started: false,
          state: { kind: 'waiting', reason: 'ImagePullBackOff' },
        },
      ],
      qosClass,
    });

  it("keeps the apiserver's qosClass (immutable: a pod without resources is BestEffort)", () => {
    expect(running('BestEffort').qosClass).toBe('BestEffort');
    expect(running('Burstable').qosClass).toBe('Burstable');
    expect(running(undefined)).not.toHaveProperty('qosClass');
  });

  it('is Pending with Init:CrashLoopBackOff while the storage initializer fails', () => {
    const s = podStatus({
      startTime: '2026-05-01T10:00:00Z',
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      transitions: {},
      initialized: false,
      init: [
        {
          name: 'storage-initializer',
          image: 'kserve/storage-initializer',
          restartCount: 2,
          ready: false,
          started: false,
          state: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 20s' },
          lastTerminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: '2026-05-01T10:00:00Z',
            finishedAt: '2026-05-01T10:00:01Z',
            containerID: 'containerd://x',
          },
        },
      ],
      containers: [
        {
          name: 'kserve-container',
          image: 'i',
          restartCount: 0,
          ready: false,
          started: false,
          state: { kind: 'waiting', reason: 'PodInitializing' },
        },
      ],
    });
    expect(s.phase).toBe('Pending');
    expect(s.initContainerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(s.initContainerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    expect(s.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [storage-initializer]',
    });
    expect(s.podIP).toBe('127.0.0.1');
  });
  it('backs off 10s, 20s, 40s ... up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffSeconds(n))).toEqual([10, 20, 40, 80, 80, 80]);
  });
});
