import { describe, expect, it } from 'vitest';
import { bucketEntries, bucketObjects, objectUri } from '../../src/storage/buckets';
import { modelsClaimName, pvcFiles, pvcHostFolder, pvcObjects } from '../../src/storage/pvc';

const index = {
  models: [
    {
      uri: 'gs://seldon-models/sklearn/iris',
      format: 'sklearn' as const,
      files: ['model.joblib'],
      dirs: { kserve: 'kserve/gs/seldon-models/sklearn/iris', mlserver: 'mlserver/gs/seldon-models/sklearn/iris' },
    },
    {
      uri: 'gs://kfserving-examples/models/xgboost/iris',
      format: 'xgboost' as const,
      files: ['model.bst'],
      dirs: { mlserver: 'mlserver/gs/kfserving-examples/models/xgboost/iris' },
    },
    {
      uri: 'https://example.com/model.joblib',
      format: 'sklearn' as const,
      files: ['model.joblib'],
      dirs: { kserve: 'k/h' },
    },
  ],
};

describe('bucketObjects', () => {
  it('puts each mirrored gs:// model at its bucket and key, from the kserve copy when there is one', () => {
    expect(bucketObjects(index, '/m')).toEqual([
      {
        bucket: 'kfserving-examples',
        key: 'models/xgboost/iris/model.bst',
        file: '/m/mlserver/gs/kfserving-examples/models/xgboost/iris/model.bst',
      },
      {
        bucket: 'seldon-models',
        key: 'sklearn/iris/model.joblib',
        file: '/m/kserve/gs/seldon-models/sklearn/iris/model.joblib',
      },
    ]);
  });

  it('gives back the storage URI of the folder and the on-disk layout', () => {
    const [o] = bucketObjects(index, '/m').slice(1);
    expect(o && objectUri('gs', o)).toBe('gs://seldon-models/sklearn/iris');
    expect(o && objectUri('s3', o)).toBe('s3://seldon-models/sklearn/iris');
    expect(bucketEntries(bucketObjects(index, '/m')).map((e) => e.path)).toEqual([
      'kfserving-examples/models/xgboost/iris/model.bst',
      'seldon-models/sklearn/iris/model.joblib',
    ]);
  });
});

describe('models volume', () => {
  it('holds the samples by framework', () => {
    expect(pvcFiles(bucketObjects(index, '/m')).map((e) => e.path)).toEqual([
      'sklearn/iris/model.joblib',
      'xgboost/iris/model.bst',
    ]);
  });

  it('is a PV and a PVC bound to each other in advance, without a storage class', () => {
    const [pv, pvc] = pvcObjects('ns1', '/state/storage/volumes/kserve-models');
    expect(pv).toMatchObject({
      kind: 'PersistentVolume',
      metadata: { name: 'kserve-models-ns1' },
      spec: {
        storageClassName: '',
        hostPath: { path: '/state/storage/volumes/kserve-models', type: 'Directory' },
        claimRef: { namespace: 'ns1', name: modelsClaimName },
      },
    });
    expect(pvc).toMatchObject({
      kind: 'PersistentVolumeClaim',
      metadata: { name: modelsClaimName, namespace: 'ns1' },
      spec: { storageClassName: '', volumeName: 'kserve-models-ns1' },
    });
  });
});

describe('pvcHostFolder', () => {
  const [pv, pvc] = pvcObjects('ns1', '/vol');

  it("maps KServe's mount (pvc://kserve-models/sklearn/iris -> subPath sklearn/iris) to the host folder", () => {
    expect(pvcHostFolder(pvc, pv, 'sklearn/iris')).toEqual({ ok: true, path: '/vol/sklearn/iris' });
    expect(pvcHostFolder(pvc, pv)).toEqual({ ok: true, path: '/vol' });
  });

  it('refuses an unbound claim, a missing or foreign volume, a non-host volume and an escaping subPath', () => {
    const unbound = { metadata: { name: 'c', namespace: 'ns1' }, spec: {} };
    expect(pvcHostFolder(unbound, pv)).toMatchObject({ ok: false, message: expect.stringContaining('not bound') });
    expect(pvcHostFolder(pvc, undefined)).toMatchObject({
      ok: false,
      message: 'persistentvolume "kserve-models-ns1" not found',
    });
    const [otherPv] = pvcObjects('ns2', '/vol');
    const foreign = { ...(otherPv as object), metadata: { name: 'kserve-models-ns1' } };
    expect(pvcHostFolder(pvc, foreign)).toMatchObject({
      ok: false,
      message: expect.stringContaining('ns2/kserve-models'),
    });
    const nfs = { metadata: { name: 'kserve-models-ns1' }, spec: { nfs: { server: 'x', path: '/' } } };
    expect(pvcHostFolder(pvc, nfs)).toMatchObject({ ok: false, message: expect.stringContaining('host folders') });
    expect(pvcHostFolder(pvc, pv, '../../etc')).toMatchObject({ ok: false, reason: 'FailedMount' });
    expect(pvcHostFolder(pvc, pv, '/etc')).toMatchObject({ ok: false });
    expect(pvcHostFolder('nonsense', pv)).toMatchObject({ ok: false });
  });
});
