import { describe, expect, it } from 'vitest';
import { applyAll } from '../src/kserve';
import type { KubeObject, KubeResponse, KubeRest } from '../src/kube';

const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'llminferenceservices.serving.kserve.io' },
};

/** A stand-in for the admin client at its seam: answers the applies from a script, lists nothing. */
function scripted(statuses: number[]): { kube: KubeRest; applies: () => number } {
  let applies = 0;
  const fake = {
    listMetadata: async (): Promise<KubeResponse> => ({ status: 200, body: { items: [] }, text: '{"items":[]}' }),
    apply: async (): Promise<KubeResponse> => {
      const status = statuses[Math.min(applies, statuses.length - 1)] ?? 200;
      applies += 1;
      const body = { kind: 'Status', code: status, message: 'context deadline exceeded' };
      return { status, body, text: JSON.stringify(body) };
    },
  };
  return { kube: fake as unknown as KubeRest, applies: () => applies };
}

describe('applyAll', () => {
  it('sends an apply again when the apiserver timed out (504), then goes on', async () => {
    const s = scripted([504, 200]);
    await expect(applyAll(s.kube, [crd], 'CRD', { retryDelayMs: 1 })).resolves.toEqual({ applied: 1 });
    expect(s.applies()).toBe(2);
  });

  it('gives up after three retries of a busy apiserver, naming the object and the status', async () => {
    const s = scripted([503]);
    await expect(applyAll(s.kube, [crd], 'CRD', { retryDelayMs: 1 })).rejects.toThrow(
      /applying CRD CustomResourceDefinition\/llminferenceservices.serving.kserve.io failed \(503\)/,
    );
    expect(s.applies()).toBe(4);
  });

  it('does not retry a refusal (422)', async () => {
    const s = scripted([422]);
    await expect(applyAll(s.kube, [crd], 'CRD', { retryDelayMs: 1 })).rejects.toThrow(/failed \(422\)/);
    expect(s.applies()).toBe(1);
  });
});
