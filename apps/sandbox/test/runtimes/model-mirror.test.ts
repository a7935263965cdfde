import { describe, expect, it } from 'vitest';
import { buildMirrorIndex, type MirrorIndex, mirrorHash, mirrorIndexSchema } from '../../src/runtimes/model-mirror';
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
