/**
 * Storage with real parts: the GCS emulator (fake-gcs-server) and moto's S3 server started on free ports
 * with the sample models from the mirror, then KServe's own storage initializer (kserve-storage in the
 * storage venv) run through `runStorageInitializer` for gs:// and s3:// URIs, successes and failures.
 * The PV/PVC pair and the S3 Secret/ServiceAccount are applied to the sandbox's apiserver (global setup)
 * in a namespace of the test's own. Slow the first time (storage venv, fake-gcs-server build).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBinaries } from '../../src/gobuild';
import { sleep } from '../../src/health';
import { cacheDir } from '../../src/paths';
import { allocatePorts } from '../../src/ports';
import { spawnDetached, stopProcess } from '../../src/processes';
import {
  type BucketObject,
  modelsClaimName,
  pvcHostFolder,
  runStorageInitializer,
  type StorageComponentSpec,
  type StorageEndpoints,
  type StorageInitializerOptions,
  s3AccessKey,
  startStorage,
  storageObjects,
} from '../../src/storage';
import { modelsVolumeDir, sampleObjects } from '../../src/storage/start';
import { sandbox } from '../integration/sandbox';

const cache = cacheDir();
const stateDir = mkdtempSync(join(tmpdir(), 'storage-it-'));
const started: Array<{ pid: number; argv: string[] }> = [];
let endpoints: StorageEndpoints;
let objects: BucketObject[];
const log = (m: string) => process.stdout.write(`[storage-it] ${m}\n`);

async function run(spec: StorageComponentSpec): Promise<void> {
  const pid = spawnDetached({ argv: spec.argv, env: spec.env, cwd: spec.cwd, log: spec.log });
  started.push({ pid, argv: spec.argv });
  const t0 = Date.now();
  while (!(await spec.healthy()) && Date.now() - t0 < spec.readyTimeoutMs) await sleep(250);
  if (!(await spec.healthy())) {
    throw new Error(
      `${spec.name} not ready within ${spec.readyTimeoutMs} ms; log ${spec.log}:\n${readFileSync(spec.log, 'utf8')}`,
    );
  }
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  log(`${spec.name} ready in ${Date.now() - t0} ms, RSS ${Math.round(Number(rss) / 1024)} MiB`);
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The KServe S3 env the pod mutator builds from the servedeck-s3 Secret (s3_secret.go BuildSecretEnvs). */
function kserveS3Env(): Record<string, string> {
  const host = new URL(endpoints.s3).host;
  return {
    AWS_ACCESS_KEY_ID: s3AccessKey.id,
    AWS_SECRET_ACCESS_KEY: s3AccessKey.secret,
    S3_USE_HTTPS: '0',
    S3_ENDPOINT: host,
    AWS_ENDPOINT_URL: `http://${host}`,
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}

async function initialize(uri: string, extra: Partial<StorageInitializerOptions> = {}) {
  const mountDir = mkdtempSync(join(stateDir, 'pod-'));
  const logFile = join(mountDir, '..', `${mountDir.split('/').at(-1)}.log`);
  const lines: string[] = [];
  const r = await runStorageInitializer({
    args: [uri, '/mnt/models'],
    mountDir,
    logFile,
    write: (_s, line) => lines.push(line),
    stateDir,
    cacheDir: cache,
    ...extra,
  });
  return { ...r, mountDir, files: readdirSync(mountDir).sort(), log: readFileSync(logFile, 'utf8'), lines };
}

beforeAll(async () => {
  await ensureBinaries(cache, log, ['fake-gcs-server']);
  const ports = await allocatePorts(['gcs', 's3'] as const, []);
  objects = await sampleObjects(cache, log);
  endpoints = await startStorage({ stateDir, cache, ports, run, log });
}, 20 * 60_000);

afterAll(async () => {
  for (const p of started.reverse()) await stopProcess(p);
  rmSync(stateDir, { recursive: true, force: true });
});

describe('gs:// through the GCS emulator', () => {
  it("downloads the seed's model (gs://seldon-models/sklearn/iris) into the pod's /mnt/models", async () => {
    const r = await initialize('gs://seldon-models/sklearn/iris');
    expect(r).toMatchObject({ exitCode: 0, reason: 'Completed', files: ['model.joblib'] });
    const source = objects.find((o) => o.bucket === 'seldon-models' && o.key === 'sklearn/iris/model.joblib');
    expect(source && sha(join(r.mountDir, 'model.joblib'))).toBe(source && sha(source.file));
    expect(r.log).toContain('Successfully copied gs://seldon-models/sklearn/iris');
    expect(r.lines.join('\n')).toBe(r.log.trimEnd());
  });

  it('serves every sample URI, anonymously (the samples carry no credentials)', async () => {
    for (const uri of [
      'gs://kfserving-examples/models/sklearn/1.0/model',
      'gs://kfserving-examples/models/xgboost/iris',
      'gs://kfserving-examples/models/lightgbm/iris',
    ]) {
      const r = await initialize(uri);
      expect({ uri, exitCode: r.exitCode, files: r.files.length }).toEqual({ uri, exitCode: 0, files: 1 });
    }
  });

  it("fails a missing object and an unknown bucket with KServe's message and exit 1", async () => {
    const missing = await initialize('gs://seldon-models/sklearn/nothing-here');
    expect(missing).toMatchObject({ exitCode: 1, reason: 'Error', message: "GCS resource 'seldon-models' not found." });
    expect(missing.log).toContain("Storage initialization failed: GCS resource 'seldon-models' not found.");
    expect(missing.logTail).toContain("Storage initialization failed: GCS resource 'seldon-models' not found.");
    const bucket = await initialize('gs://no-such-bucket/model');
    expect(bucket).toMatchObject({ exitCode: 1, message: "GCS resource 'no-such-bucket' not found." });
  });
});

describe('s3:// through moto with KServe’s S3 credential env', () => {
  it('downloads a sample model', async () => {
    const r = await initialize('s3://seldon-models/sklearn/iris', { env: kserveS3Env() });
    expect(r).toMatchObject({ exitCode: 0, files: ['model.joblib'] });
    expect(r.log).toContain('Found S3 object: sklearn/iris/model.joblib');
  });

  it("fails a missing prefix, an unknown bucket and missing keys with KServe's messages", async () => {
    const missing = await initialize('s3://seldon-models/nothing-here', { env: kserveS3Env() });
    expect(missing).toMatchObject({ exitCode: 1, message: 'Failed to fetch model. No model found in nothing-here.' });
    const bucket = await initialize('s3://no-such-bucket/model', { env: kserveS3Env() });
    expect(bucket).toMatchObject({ exitCode: 1, message: "S3 resource 'no-such-bucket' not found." });
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...noKeys } = kserveS3Env();
    const anonymous = await initialize('s3://seldon-models/sklearn/iris', { env: noKeys });
    expect(anonymous.exitCode).toBe(1);
    expect(anonymous.message).toContain('S3 authentication failed');
  });
});

describe('other inputs', () => {
  it('refuses an unknown scheme as KServe does, and a destination outside the volume before starting', async () => {
    const r = await initialize('foo://bar/baz');
    expect(r.exitCode).toBe(1);
    expect(r.message).toContain('Cannot recognize storage type for foo://bar/baz');
    const outside = await initialize('gs://seldon-models/sklearn/iris', {
      args: ['gs://seldon-models/sklearn/iris', '/etc'],
    });
    expect(outside).toMatchObject({ exitCode: 1, files: [] });
    expect(outside.message).toContain('/etc');
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    // An endpoint that accepts nothing: the GCS client retries until stopped.
    const p = initialize('gs://seldon-models/sklearn/iris', {
      signal: ac.signal,
      endpoints: { gcs: 'http://127.0.0.1:9', s3: endpoints.s3 },
    });
    setTimeout(() => ac.abort(), 3_000);
    const r = await p;
    expect(r.exitCode).toBe(143);
    expect(r.files).toEqual([]);
  });
});

describe('pvc:// models volume on the apiserver', () => {
  const ns = 'storage-it';
  it('is a PV/PVC pair the apiserver accepts; the claim maps to the folder with the models', async () => {
    const admin = sandbox().admin();
    try {
      await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      const objs = storageObjects([ns], stateDir, endpoints.s3);
      for (const o of objs) {
        const r = await admin.apply(o);
        expect({ kind: o.kind, ok: r.status < 300 }).toEqual({ kind: o.kind, ok: true });
      }
      const pvc = await admin.call('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${modelsClaimName}`);
      const pv = await admin.call('GET', `/api/v1/persistentvolumes/${modelsClaimName}-${ns}`);
      const folder = pvcHostFolder(pvc.body, pv.body, 'sklearn/iris');
      expect(folder).toEqual({ ok: true, path: join(modelsVolumeDir(stateDir), 'sklearn', 'iris') });
      expect(folder.ok && existsSync(join(folder.path, 'model.joblib'))).toBe(true);
    } finally {
      // kube-controller-manager runs no pv/pvc-protection controller (control-plane.ts): their finalizers would stay.
      const noFinalizers = { metadata: { finalizers: null } };
      const claim = `/api/v1/namespaces/${ns}/persistentvolumeclaims/${modelsClaimName}`;
      const volume = `/api/v1/persistentvolumes/${modelsClaimName}-${ns}`;
      await admin.call('DELETE', claim);
      await admin.call('PATCH', claim, noFinalizers, 'application/merge-patch+json');
      await admin.call('DELETE', volume);
      await admin.call('PATCH', volume, noFinalizers, 'application/merge-patch+json');
      await admin.call('DELETE', `/api/v1/namespaces/${ns}`);
      await admin.close();
    }
  });
});
