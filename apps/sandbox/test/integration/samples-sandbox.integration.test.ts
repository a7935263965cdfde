import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadManifests } from '../../src/kserve';
import { sharedDir } from '../../src/paths';
import { isvcPath, sandbox } from './sandbox';

const sbx = sandbox();
const ns = 'kubeflow-user-example-com';
const samples = loadManifests(join(sharedDir(), 'kserve', 'samples')).filter((o) => o.kind === 'InferenceService');
const user = await sbx.asUser('user@example.com');
afterAll(() => user.close());

describe("KServe's own samples against the real CRD schema", () => {
  it('finds the InferenceService samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(samples.map((s, i) => [`${i}: ${s.metadata.name}`, s] as const))(
    'accepts %s (dry run, as the user)',
    async (_, s) => {
      const r = await user.call('POST', `${isvcPath(ns)}?dryRun=All&fieldValidation=Strict`, s);
      expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(201);
    },
  );

  const bad = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'bad-replicas' },
    spec: { predictor: { minReplicas: 'abc', model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://x/y' } } },
  };

  // Real KServe's mutating webhook decodes the object before the apiserver's schema validation runs, so it
  // answers first (400, no causes).
  it('rejects spec.predictor.minReplicas: "abc", naming the field', async () => {
    const r = await user.call('POST', `${isvcPath(ns)}?dryRun=All`, bad);
    expect(r.status).toBe(400);
    expect(z.object({ message: z.string() }).parse(r.body).message).toBe(
      'admission webhook "inferenceservice.kserve-webhook-server.defaulter" denied the request: json: cannot unmarshal string into Go struct field PredictorSpec.spec.predictor.ComponentExtensionSpec.minReplicas of type int32',
    );
  });

  it('creates and deletes a real object (not only dry run)', async () => {
    const s = samples.find((x) => x.metadata.name === 'sklearn-iris');
    expect(s).toBeDefined();
    const obj = { ...s, metadata: { name: `itest-sample-${Date.now()}` } };
    expect((await user.call('POST', isvcPath(ns), obj)).status).toBe(201);
    expect((await user.call('GET', isvcPath(ns, obj.metadata.name))).status).toBe(200);
    expect((await user.call('DELETE', isvcPath(ns, obj.metadata.name))).status).toBeLessThan(300);
  });
});
