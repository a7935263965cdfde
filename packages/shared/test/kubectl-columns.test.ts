import { describe, expect, it } from 'vitest';
import * as fixtures from '../src/fixtures/index';
import { podSchema, serviceSchema } from '../src/k8s-objects';
import { podReady, podRestarts, podStatusText, serviceExternalIp, servicePorts } from '../src/kubectl-columns';

describe('kubectl columns', () => {
  it('prints pods like kubectl get pods', () => {
    const ok = podSchema.parse(fixtures.readyPod);
    expect([podReady(ok), podStatusText(ok), podRestarts(ok)]).toEqual(['2/2', 'Running', 0]);
    const crash = podSchema.parse(fixtures.crashLoopPod);
    expect([podReady(crash), podStatusText(crash), podRestarts(crash)]).toEqual(['0/1', 'CrashLoopBackOff', 5]);
    const init = podSchema.parse({
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c' }], initContainers: [{ name: 'storage-initializer' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'storage-initializer', state: { terminated: { exitCode: 1, reason: 'Error' } } },
        ],
      },
    });
    expect(podStatusText(init)).toBe('Init:Error');
  });
  it('prints services like kubectl get services', () => {
    const svc = serviceSchema.parse(fixtures.predictorService);
    expect([servicePorts(svc), serviceExternalIp(svc)]).toEqual(['80/TCP', '<none>']);
    expect(serviceExternalIp(serviceSchema.parse(fixtures.externalNameService))).toBe(
      'knative-local-gateway.istio-system.svc.cluster.local',
    );
  });
});
