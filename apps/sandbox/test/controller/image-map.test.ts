import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  containerEnv,
  containerPorts,
  expandRefs,
  imageKind,
  imagePullFailure,
  launchFor,
  type PodRef,
} from '../../src/controller/image-map';
import { hostPathIn, volumeDirs } from '../../src/controller/volumes';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as V1Pod;

function podRef(pod: V1Pod): PodRef {
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    uid: pod.metadata?.uid ?? '',
    labels: pod.metadata?.labels ?? {},
    annotations: pod.metadata?.annotations ?? {},
    podIP: '127.0.0.1',
    hostIP: '127.0.0.1',
    nodeName: 'sandbox-node',
    serviceAccountName: 'default',
  };
}

/** launchFor for the pod's first container, with host ports 20000 + containerPort and its volumes under /pods. */
function launch(pod: V1Pod) {
  const c = pod.spec?.containers[0];
  if (!c) throw new Error('no container');
  const dirs = volumeDirs(pod.spec?.volumes, `/pods/${pod.metadata?.uid}`, () => undefined);
  const env = containerEnv(c, podRef(pod));
  return {
    ports: containerPorts(c, env),
    launch: launchFor({
      container: c,
      pod: podRef(pod),
      env,
      hostPort: (p) => 20000 + p,
      hostPath: (p) => hostPathIn(c, dirs, p),
      python: { kserve: '/venv/kserve/bin/python', mlserver: '/venv/mlserver/bin/python' },
      scriptsDir: '/py',
      workDir: '/work',
    }),
  };
}

describe('imageKind', () => {
  it("knows KServe's images, their kustomize placeholders and MLServer, with any registry, tag or digest", () => {
    expect(imageKind('kserve/sklearnserver:v0.20.0')).toBe('sklearn');
    expect(imageKind('kserve-sklearnserver:replace')).toBe('sklearn');
    expect(imageKind('docker.io/kserve/xgbserver@sha256:abc')).toBe('xgboost');
    expect(imageKind('kserve-lgbserver:replace')).toBe('lightgbm');
    expect(imageKind('docker.io/seldonio/mlserver:1.7.1')).toBe('mlserver');
    expect(imageKind('mlserver:replace')).toBe('mlserver');
    expect(imageKind('kserve/storage-initializer:v0.20.0')).toBe('storage-initializer');
  });
  it('has no process for other images', () => {
    expect(imageKind('tensorflow/serving:2.6.2')).toBeUndefined();
    expect(imageKind('kserve/huggingfaceserver:latest')).toBeUndefined();
    expect(imageKind(undefined)).toBeUndefined();
    expect(imagePullFailure('tensorflow/serving:2.6.2')).toMatchObject({
      reason: 'ErrImagePull',
      message: expect.stringMatching(/^Failed to pull image "tensorflow\/serving:2\.6\.2": /),
      backOff: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "tensorflow/serving:2.6.2"' },
    });
  });
});

describe('launchFor', () => {
  it("runs kserve's sklearnserver with the container's own args, its /mnt/models and 8080 remapped", () => {
    const pod = fixture('sklearn-v1-kserve-pod.json');
    const { ports, launch: l } = launch(pod);
    expect(ports).toEqual([8080]);
    expect(l?.command).toBe('/venv/kserve/bin/python');
    expect(l?.args).toEqual([
      '/py/kserve_server.py',
      '--model_name=sklearn-v1',
      `--model_dir=/pods/${pod.metadata?.uid}/volumes/kubernetes.io~empty-dir/kserve-provision-location`,
      '--http_port=28080',
      '--framework=sklearn',
      '--host=127.0.0.1',
    ]);
  });

  it("configures MLServer from the env KServe's kserve-mlserver runtime and SetMlServerDefaults give it", () => {
    const pod = fixture('sklearn-iris-mlserver-pod.json');
    const { ports, launch: l } = launch(pod);
    expect(ports.sort()).toEqual([8080, 9000]);
    const modelDir = `/pods/${pod.metadata?.uid}/volumes/kubernetes.io~empty-dir/kserve-provision-location`;
    expect(l?.command).toBe('/venv/mlserver/bin/python');
    expect(l?.args).toEqual([
      '/py/mlserver_launcher.py',
      '--model_name',
      'sklearn-iris',
      '--model_dir',
      modelDir,
      '--http_port',
      '28080',
      '--grpc_port',
      '29000',
      '--work_dir',
      '/work/mlserver',
      '--implementation',
      'mlserver_sklearn.SKLearnModel',
      '--host',
      '127.0.0.1',
    ]);
    expect(l?.env).toMatchObject({
      MLSERVER_HTTP_PORT: '28080',
      MLSERVER_GRPC_PORT: '29000',
      MLSERVER_MODEL_URI: modelDir,
      MLSERVER_HOST: '127.0.0.1',
    });
  });

  it('uses the image defaults when the args do not say (http 8080, /mnt/models, the InferenceService name)', () => {
    const pod = fixture('sklearn-v1-kserve-pod.json');
    const c = pod.spec?.containers[0];
    if (!c) throw new Error('no container');
    c.image = 'kserve/lgbserver:v0.20.0';
    c.args = ['--nthread', '2'];
    const { ports, launch: l } = launch(pod);
    expect(ports).toEqual([8080]);
    expect(l?.args).toContain('--nthread=2');
    expect(l?.args).toContain('--http_port=28080');
    expect(l?.args).toContain('--model_name=sklearn-v1');
    expect(l?.args).toContain('--framework=lightgbm');
  });

  it('has no launch for an image without a process', () => {
    const pod = fixture('sklearn-v1-kserve-pod.json');
    const c = pod.spec?.containers[0];
    if (!c) throw new Error('no container');
    c.image = 'example.invalid/custom:1';
    expect(launch(pod).launch).toBeUndefined();
  });
});

describe('containerEnv', () => {
  it('expands $(VAR) against earlier variables and resolves fieldRefs', () => {
    const pod = fixture('sklearn-v1-kserve-pod.json');
    const env = containerEnv(
      {
        name: 'c',
        env: [
          { name: 'A', value: 'x' },
          { name: 'B', value: '$(A)-$(NOPE)-$$(A)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          {
            name: 'ISVC',
            valueFrom: { fieldRef: { fieldPath: "metadata.labels['serving.kserve.io/inferenceservice']" } },
          },
          { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        ],
      },
      podRef(pod),
    );
    expect(env).toEqual({
      A: 'x',
      B: 'x-$(NOPE)-$(A)',
      POD: pod.metadata?.name,
      ISVC: 'sklearn-v1',
    });
    expect(expandRefs('$(A)', {})).toBe('$(A)');
  });
});

describe('containerEnv with secret and config map values', () => {
  it('puts envFrom first and takes valueFrom keys from the fetched values; a missing key leaves the variable out', () => {
    const env = containerEnv(
      {
        name: 'storage-initializer',
        envFrom: [{ configMapRef: { name: 'cm' } }],
        env: [
          { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3', key: 'AWS_ACCESS_KEY_ID' } } },
          { name: 'MISSING', valueFrom: { secretKeyRef: { name: 's3', key: 'nope', optional: true } } },
          { name: 'S3_ENDPOINT', value: '127.0.0.1:9000' },
          { name: 'FROM_CM', value: '$(CM_KEY)/x' },
        ],
      },
      podRef(fixture('sklearn-v1-kserve-pod.json')),
      { envFrom: { CM_KEY: 'cm-value' }, refs: { AWS_ACCESS_KEY_ID: 'key' } },
    );
    expect(env).toEqual({
      CM_KEY: 'cm-value',
      AWS_ACCESS_KEY_ID: 'key',
      S3_ENDPOINT: '127.0.0.1:9000',
      FROM_CM: 'cm-value/x',
    });
  });
});

describe('volumes', () => {
  const dirs = volumeDirs(
    [
      { name: 'models', emptyDir: {} },
      { name: 'pvc', persistentVolumeClaim: { claimName: 'claim' } },
      { name: 'host', hostPath: { path: '/data' } },
    ],
    '/pods/u',
    (claim) => (claim === 'claim' ? '/pv/claim' : undefined),
  );
  const c = {
    name: 'c',
    volumeMounts: [
      { name: 'models', mountPath: '/mnt/models' },
      { name: 'pvc', mountPath: '/mnt/pvc', subPath: 'iris' },
      { name: 'host', mountPath: '/mnt/models/extra' },
    ],
  };
  it('maps paths through the longest mount, with subPath', () => {
    expect(hostPathIn(c, dirs, '/mnt/models')).toBe('/pods/u/volumes/kubernetes.io~empty-dir/models');
    expect(hostPathIn(c, dirs, '/mnt/models/a/b')).toBe('/pods/u/volumes/kubernetes.io~empty-dir/models/a/b');
    expect(hostPathIn(c, dirs, '/mnt/models/extra/x')).toBe('/data/x');
    expect(hostPathIn(c, dirs, '/mnt/pvc/model.joblib')).toBe('/pv/claim/iris/model.joblib');
    expect(hostPathIn(c, dirs, '/mnt/modelsX')).toBeUndefined();
    expect(hostPathIn(c, dirs, 'relative')).toBeUndefined();
  });
  it('leaves an unbound claim without a folder', () => {
    expect(
      volumeDirs([{ name: 'p', persistentVolumeClaim: { claimName: 'other' } }], '/pods/u', () => undefined),
    ).toEqual({});
  });
});
