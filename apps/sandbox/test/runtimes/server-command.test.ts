import { describe, expect, it } from 'vitest';
import type { PythonEnvs } from '../../src/runtimes/python-envs';
import { mirrorDirFor, runnableKind, runnableRuntimes, serverCommand } from '../../src/runtimes/server-command';

const envs: PythonEnvs = {
  kserve: {
    name: 'kserve',
    dir: '/c/venv/kserve-111111111111',
    python: '/c/venv/kserve-111111111111/bin/python',
    requirementsFile: '/r/requirements-kserve.txt',
    requirementsHash: '111111111111',
  },
  mlserver: {
    name: 'mlserver',
    dir: '/c/venv/mlserver-222222222222',
    python: '/c/venv/mlserver-222222222222/bin/python',
    requirementsFile: '/r/requirements-mlserver.txt',
    requirementsHash: '222222222222',
  },
};
const base = { modelName: 'sklearn-iris', modelDir: '/m/iris', port: 18080, workDir: '/w/pod', envs };

describe('serverCommand', () => {
  it('runs KServe framework servers from the kserve venv, HTTP only on 127.0.0.1', () => {
    const cmd = serverCommand({ ...base, runtime: 'kserve-sklearnserver' });
    expect(cmd.command).toBe(envs.kserve.python);
    expect(cmd.args[0]).toMatch(/apps\/sandbox\/python\/kserve_server\.py$/);
    expect(cmd.args.slice(1)).toEqual([
      '--model_name=sklearn-iris',
      '--model_dir=/m/iris',
      '--http_port=18080',
      '--framework=sklearn',
      '--nthread=1',
      '--host=127.0.0.1',
      '--enable_grpc=false',
    ]);
    expect(cmd.healthPath).toBe('/v2/models/sklearn-iris/ready');
    expect(cmd.readinessPath).toBe(cmd.healthPath);
    expect(cmd.cwd).toBe('/w/pod');
    expect(cmd.env.PYTHONUNBUFFERED).toBe('1');
  });
  it('picks the framework per runtime', () => {
    expect(serverCommand({ ...base, runtime: 'kserve-xgbserver' }).args).toContain('--framework=xgboost');
    expect(serverCommand({ ...base, runtime: 'kserve-lgbserver' }).args).toContain('--framework=lightgbm');
  });
  it('runs MLServer through the launcher in the mlserver venv, with a per-pod work folder', () => {
    const cmd = serverCommand({ ...base, runtime: { name: 'kserve-mlserver', spec: {} } });
    expect(cmd.command).toBe(envs.mlserver.python);
    expect(cmd.args[0]).toMatch(/mlserver_launcher\.py$/);
    expect(cmd.args.slice(1)).toEqual([
      '--model_name',
      'sklearn-iris',
      '--model_dir',
      '/m/iris',
      '--http_port',
      '18080',
      '--work_dir',
      '/w/pod/mlserver',
      '--implementation',
      'auto',
      '--host',
      '127.0.0.1',
    ]);
    expect(cmd.healthPath).toBe('/v2/models/sklearn-iris/ready');
  });
  it("uses the venv's own copy of a mirrored model", () => {
    const kserveCopy = '/c/models/abcdefabcdef/kserve/gs/seldon-models/sklearn/iris';
    const mlCopy = '/c/models/abcdefabcdef/mlserver/gs/seldon-models/sklearn/iris';
    expect(mirrorDirFor(kserveCopy, 'mlserver', (p) => p === mlCopy)).toBe(mlCopy);
    expect(mirrorDirFor(kserveCopy, 'mlserver', () => false)).toBe(kserveCopy);
    expect(mirrorDirFor(mlCopy, 'kserve', (p) => p === kserveCopy)).toBe(kserveCopy);
    expect(mirrorDirFor('/elsewhere/model', 'mlserver', () => true)).toBe('/elsewhere/model');
  });
  it('refuses a runtime the sandbox cannot run', () => {
    expect(() => serverCommand({ ...base, runtime: 'kserve-tritonserver' })).toThrow(/cannot run/);
  });
});

describe('runnable runtimes', () => {
  it('knows the four runnable ClusterServingRuntimes by name', () => {
    expect([...runnableRuntimes]).toEqual([
      'kserve-sklearnserver',
      'kserve-xgbserver',
      'kserve-lgbserver',
      'kserve-mlserver',
    ]);
  });
  it('recognises a custom-named ServingRuntime by its image', () => {
    const rt = (image: string) => ({ name: 'my-runtime', spec: { containers: [{ name: 'c', image }] } });
    expect(runnableKind(rt('docker.io/kserve/sklearnserver:v0.15.0'))).toBe('kserve-sklearnserver');
    expect(runnableKind(rt('kserve-xgbserver:replace'))).toBe('kserve-xgbserver');
    expect(runnableKind(rt('kserve/lgbserver@sha256:abc'))).toBe('kserve-lgbserver');
    expect(runnableKind(rt('docker.io/seldonio/mlserver:1.7.1'))).toBe('kserve-mlserver');
    expect(runnableKind(rt('tensorflow/serving:2.6.2'))).toBeUndefined();
    expect(runnableKind({ name: 'my-runtime' })).toBeUndefined();
  });
});
