import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ServingRuntimeObject, servingRuntimeSchema } from '../../src/controller/kserve-types';
import { normalizeSpec } from '../../src/controller/normalize';
import { ignoreAnnotation, isIgnored } from '../../src/controller/reconciler';
import { selectRuntime, supportingRuntimes } from '../../src/controller/select-runtime';

const dir = join(process.env.SERVEDECK_SHARED_DIR ?? join(__dirname, '../../../../../shared'), 'kserve', 'runtimes');
const cluster: ServingRuntimeObject[] = readdirSync(dir)
  .filter((f) => f.startsWith('kserve-') && f.endsWith('.yaml'))
  .map((f) => servingRuntimeSchema.parse(parse(readFileSync(join(dir, f), 'utf8'))));

function pick(model: Parameters<typeof selectRuntime>[0], ns: ServingRuntimeObject[] = []) {
  const r = selectRuntime(model, ns, cluster);
  return r.ok ? r.runtime.name : r.reason;
}

describe('selectRuntime with the real ClusterServingRuntimes', () => {
  it('loads every runtime', () => {
    expect(cluster.length).toBeGreaterThanOrEqual(14);
  });
  it('picks kserve-sklearnserver for sklearn on the default v1 protocol (mlserver is v2 only)', () => {
    expect(pick({ modelFormat: { name: 'sklearn' } })).toBe('kserve-sklearnserver');
  });
  it('picks kserve-mlserver for sklearn v2: higher priority wins among v2 runtimes', () => {
    expect(pick({ modelFormat: { name: 'sklearn' }, protocolVersion: 'v2' })).toBe('kserve-mlserver');
  });
  it('honours format versions', () => {
    expect(pick({ modelFormat: { name: 'sklearn', version: '0' }, protocolVersion: 'v2' })).toBe('kserve-mlserver');
    expect(pick({ modelFormat: { name: 'sklearn', version: '1' } })).toBe('kserve-sklearnserver');
    expect(pick({ modelFormat: { name: 'sklearn', version: '9' } })).toBe('NoSupportingRuntime');
  });
  it('serves xgboost and lightgbm on v1 with their KServe servers', () => {
    expect(pick({ modelFormat: { name: 'xgboost' } })).toBe('kserve-xgbserver');
    expect(pick({ modelFormat: { name: 'lightgbm' } })).toBe('kserve-lgbserver');
  });
  it('reports NoSupportingRuntime with the KServe message and error', () => {
    const r = selectRuntime({ modelFormat: { name: 'caffe' } }, [], cluster);
    expect(r).toEqual({
      ok: false,
      reason: 'NoSupportingRuntime',
      message: 'No runtime found to support specified framework/version',
      error: 'no runtime found to support predictor with model type: {caffe <nil>}',
    });
  });
  it('an explicit runtime ignores autoSelect, and unknown or disabled runtimes fail', () => {
    expect(pick({ modelFormat: { name: 'sklearn' }, runtime: 'kserve-sklearnserver' })).toBe('kserve-sklearnserver');
    expect(pick({ modelFormat: { name: 'sklearn' }, runtime: 'nope' })).toBe('RuntimeNotRecognized');
    const disabled = servingRuntimeSchema.parse({
      metadata: { name: 'mine' },
      spec: { disabled: true, supportedModelFormats: [{ name: 'sklearn', autoSelect: true }], containers: [] },
    });
    expect(pick({ modelFormat: { name: 'sklearn' }, runtime: 'mine' }, [disabled])).toBe('RuntimeDisabled');
    expect(pick({ modelFormat: { name: 'xgboost' }, runtime: 'kserve-sklearnserver' })).toBe('NoSupportingRuntime');
  });
  it('puts namespaced ServingRuntimes before cluster ones, skipping multiModel and disabled', () => {
    const mk = (name: string, extra: Record<string, unknown>) =>
      servingRuntimeSchema.parse({
        metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: {
          supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true }],
          protocolVersions: ['v1'],
          containers: [{ name: 'kserve-container', image: 'x' }],
          ...extra,
        },
      });
    const ns = [mk('mm', { multiModel: true }), mk('off', { disabled: true }), mk('mine', {})];
    expect(supportingRuntimes({ modelFormat: { name: 'sklearn' } }, ns, cluster).map((r) => r.name)).toEqual([
      'mine',
      'kserve-sklearnserver',
    ]);
  });
  it('orders by priority within the same scope', () => {
    const mk = (name: string, priority: number | undefined, ts: string) =>
      servingRuntimeSchema.parse({
        metadata: { name, creationTimestamp: ts },
        spec: {
          supportedModelFormats: [{ name: 'sklearn', autoSelect: true, ...(priority ? { priority } : {}) }],
          protocolVersions: ['v1'],
          containers: [],
        },
      });
    const ns = [
      mk('a', undefined, '2026-01-02T00:00:00Z'),
      mk('b', 1, '2026-01-01T00:00:00Z'),
      mk('c', 5, '2026-01-01T00:00:00Z'),
    ];
    expect(supportingRuntimes({ modelFormat: { name: 'sklearn' } }, ns, []).map((r) => r.name)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });
});

describe('normalizeSpec', () => {
  it('rewrites legacy framework fields into predictor.model', () => {
    const spec = normalizeSpec({
      predictor: { sklearn: { storageUri: 'gs://x', protocolVersion: 'v2' } } as never,
    });
    expect(spec.predictor).toEqual({
      model: { storageUri: 'gs://x', protocolVersion: 'v2', modelFormat: { name: 'sklearn' } },
    });
  });
  it('leaves the model form alone', () => {
    const predictor = { minReplicas: 2, model: { modelFormat: { name: 'xgboost' }, storageUri: 'pvc://m/x' } };
    expect(normalizeSpec({ predictor }).predictor).toEqual(predictor);
  });
});

describe('the ignore annotation', () => {
  it('marks InferenceServices the controller leaves alone (benchmark objects)', () => {
    expect(ignoreAnnotation).toBe('sandbox.servedeck.dev/ignore');
    expect(isIgnored({ metadata: { annotations: { 'sandbox.servedeck.dev/ignore': 'true' } } })).toBe(true);
    expect(isIgnored({ metadata: { annotations: { 'sandbox.servedeck.dev/ignore': 'false' } } })).toBe(false);
    expect(isIgnored({ metadata: {} })).toBe(false);
  });
});
