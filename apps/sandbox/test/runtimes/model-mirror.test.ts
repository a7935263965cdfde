import { describe, expect, it } from 'vitest';
import {
  buildMirrorIndex,
  type MirrorIndex,
  mirrorHash,
  mirrorIndexSchema,
  normalizeStorageUri,
  resolveInMirror,
} from '../../src/runtimes/model-mirror';
import type { PythonEnvs } from '../../src/runtimes/python-envs';

const svc = { format: 'sklearn' as const, files: ['model.joblib'] };
const index: MirrorIndex = buildMirrorIndex(
  'abc123abc123',
  [
    {
      flavor: 'kserve',
      sklearnVersion: '1.9.1',
      models: [
        { uri: 'gs://seldon-models/sklearn/iris', path: 'gs/seldon-models/sklearn/iris', ...svc },
        {
          uri: 'gs://kfserving-examples/models/xgboost/iris',
          path: 'gs/kfserving-examples/models/xgboost/iris',
          format: 'xgboost',
          files: ['model.bst'],
        },
      ],
    },
    {
      flavor: 'mlserver',
      sklearnVersion: '1.9.1',
      models: [{ uri: 'gs://seldon-models/sklearn/iris', path: 'gs/seldon-models/sklearn/iris', ...svc }],
    },
  ],
  '2026-01-01T00:00:00.000Z',
);
const root = '/cache/models/abc123abc123';

describe('buildMirrorIndex', () => {
  it('merges the per-venv manifests by storage URI', () => {
    expect(mirrorIndexSchema.parse(index)).toEqual(index);
    expect(index.models).toEqual([
      {
        uri: 'gs://seldon-models/sklearn/iris',
        format: 'sklearn',
        files: ['model.joblib'],
        dirs: { kserve: 'kserve/gs/seldon-models/sklearn/iris', mlserver: 'mlserver/gs/seldon-models/sklearn/iris' },
      },
      {
        uri: 'gs://kfserving-examples/models/xgboost/iris',
        format: 'xgboost',
        files: ['model.bst'],
        dirs: { kserve: 'kserve/gs/kfserving-examples/models/xgboost/iris' },
      },
    ]);
  });
});

describe('resolveInMirror', () => {
  it('maps a mirrored URI to the folder of the runtime venv', () => {
    expect(resolveInMirror(index, root, 'gs://seldon-models/sklearn/iris', 'kserve')).toEqual({
      ok: true,
      dir: `${root}/kserve/gs/seldon-models/sklearn/iris`,
      format: 'sklearn',
      uri: 'gs://seldon-models/sklearn/iris',
    });
    expect(resolveInMirror(index, root, 'gs://seldon-models/sklearn/iris', 'mlserver')).toMatchObject({
      ok: true,
      dir: `${root}/mlserver/gs/seldon-models/sklearn/iris`,
    });
  });
  it('ignores trailing slashes and whitespace, and accepts a file inside a mirrored folder', () => {
    expect(normalizeStorageUri(' gs://a/b// ')).toBe('gs://a/b');
    expect(resolveInMirror(index, root, 'gs://seldon-models/sklearn/iris/', 'kserve').ok).toBe(true);
    expect(resolveInMirror(index, root, 'gs://seldon-models/sklearn/iris/model.joblib', 'kserve')).toMatchObject({
      ok: true,
      dir: `${root}/kserve/gs/seldon-models/sklearn/iris`,
    });
    expect(resolveInMirror(index, root, 'gs://seldon-models/sklearn/iris/other.joblib', 'kserve').ok).toBe(false);
  });
  it('says when a model has no copy for the runtime venv', () => {
    expect(resolveInMirror(index, root, 'gs://kfserving-examples/models/xgboost/iris', 'mlserver')).toMatchObject({
      ok: false,
      reason: 'ModelFormatNotServed',
    });
  });
  it('answers like the storage initializer for objects that are not there', () => {
    expect(resolveInMirror(index, root, 'gs://bucket/missing', 'kserve')).toMatchObject({
      ok: false,
      reason: 'ModelNotFound',
      message: 'Failed to fetch model. No model found in gs://bucket/missing.',
    });
    expect(resolveInMirror(index, root, 's3://bucket/model', 'kserve')).toMatchObject({
      reason: 'ModelNotFound',
      message: 'Failed to fetch model. No model found in s3://bucket/model.',
    });
    expect(resolveInMirror(index, root, 'https://example.com/model.joblib', 'kserve')).toMatchObject({
      reason: 'ModelNotFound',
      message: 'URI: https://example.com/model.joblib returned a 404 response code.',
    });
    expect(resolveInMirror(index, root, 'pvc://claim/models/x', 'kserve')).toMatchObject({
      reason: 'PVCNotFound',
      message: 'persistentvolumeclaim "claim" not found',
    });
    expect(resolveInMirror(index, root, 'oci://registry/model:1', 'kserve')).toMatchObject({ reason: 'ErrImagePull' });
    const odd = resolveInMirror(index, root, 'ftp://host/model', 'kserve');
    expect(odd).toMatchObject({ ok: false, reason: 'UnrecognizedStorageType' });
    expect(odd.ok ? '' : odd.message).toBe(
      "Cannot recognize storage type for ftp://host/model\n'gs://', 's3://', 'file://', 'http(s)://' and 'hf://' are the current available storage type.",
    );
    const missing = resolveInMirror(index, root, 'gs://bucket/missing', 'kserve');
    expect(missing.ok ? '' : missing.hint).toContain('gs://seldon-models/sklearn/iris');
  });
});

describe('mirrorHash', () => {
  const envs = (k: string, m: string) =>
    ({
      kserve: { requirementsHash: k },
      mlserver: { requirementsHash: m },
    }) as PythonEnvs;
  it('changes with the training script and with either venv', () => {
    const base = mirrorHash('script', envs('a', 'b'));
    expect(base).toMatch(/^[0-9a-f]{12}$/);
    expect(mirrorHash('script', envs('a', 'b'))).toBe(base);
    expect(mirrorHash('script2', envs('a', 'b'))).not.toBe(base);
    expect(mirrorHash('script', envs('a', 'c'))).not.toBe(base);
    expect(mirrorHash('script', envs('c', 'b'))).not.toBe(base);
  });
});
