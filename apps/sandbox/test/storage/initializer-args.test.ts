import { describe, expect, it } from 'vitest';
import {
  failureMessage,
  hostArgs,
  initializerEnv,
  modelMountPath,
  terminationLogTail,
} from '../../src/storage/initializer-args';

describe('hostArgs', () => {
  it('maps /mnt/models to the pod folder and leaves the source alone', () => {
    expect(hostArgs(['gs://seldon-models/sklearn/iris', modelMountPath], '/pods/p1/models')).toEqual({
      ok: true,
      args: ['gs://seldon-models/sklearn/iris', '/pods/p1/models'],
    });
  });

  it('maps paths below /mnt/models (multiple storage URIs) and ignores a trailing slash', () => {
    const r = hostArgs(['s3://b/a', '/mnt/models/a/', 's3://b/b', '/mnt/models/./b'], '/host/m/');
    expect(r).toEqual({ ok: true, args: ['s3://b/a', '/host/m/a', 's3://b/b', '/host/m/b'] });
  });

  it("prefers the kubelet's own volume mapping", () => {
    const r = hostArgs(['gs://x/y', '/data/models'], '/host/m', (p) =>
      p === '/data/models' ? '/vol/data' : undefined,
    );
    expect(r).toEqual({ ok: true, args: ['gs://x/y', '/vol/data'] });
  });

  it('refuses a destination outside the model volume, an escape, and an odd arg count', () => {
    expect(hostArgs(['gs://x/y', '/etc'], '/host/m')).toMatchObject({
      ok: false,
      message: expect.stringContaining('/etc'),
    });
    expect(hostArgs(['gs://x/y', '/mnt/models/../etc'], '/host/m')).toMatchObject({ ok: false });
    expect(hostArgs(['/mnt/models/x', '/mnt/modelsx'], '/host/m')).toMatchObject({ ok: false });
    expect(hostArgs(['gs://x/y'], '/host/m')).toMatchObject({ ok: false, message: expect.stringContaining('pairs') });
  });
});

describe('initializerEnv', () => {
  const base = { workDir: '/tmp/w', venvBin: '/venv/bin', path: '/usr/bin' };

  it('starts from a minimal environment, not the caller’s', () => {
    const env = initializerEnv({ ...base, containerEnv: {}, endpoints: undefined });
    expect(env.PATH).toBe('/venv/bin:/usr/bin');
    expect(env.HOME).toBe('/tmp/w');
    expect(Object.keys(env).some((k) => k.startsWith('AWS_ACCESS') || k === 'GOOGLE_APPLICATION_CREDENTIALS')).toBe(
      false,
    );
  });

  it("keeps the container's credential variables and points gs:// at the emulator", () => {
    const env = initializerEnv({
      ...base,
      containerEnv: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000', AWS_ACCESS_KEY_ID: 'k', S3_USE_HTTPS: '0' },
      endpoints: { gcs: 'http://127.0.0.1:4443' },
    });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9000',
      AWS_ACCESS_KEY_ID: 'k',
      S3_USE_HTTPS: '0',
      STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443',
    });
  });

  it('never lets the container turn the metadata lookups or the emulator back off', () => {
    const env = initializerEnv({
      ...base,
      containerEnv: { AWS_EC2_METADATA_DISABLED: 'false', NO_GCE_CHECK: 'false', STORAGE_EMULATOR_HOST: 'https://x' },
      endpoints: { gcs: 'http://127.0.0.1:4443' },
    });
    expect(env).toMatchObject({
      AWS_EC2_METADATA_DISABLED: 'true',
      NO_GCE_CHECK: 'true',
      STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443',
    });
  });
});

describe('failureMessage', () => {
  it("takes KServe's error text from the entrypoint's last error line", () => {
    const lines = [
      '2026-12-06 03:00:00.000 1 storage.initializer INFO [...] Copying contents of gs://a/b to local',
      "2026-12-06 03:00:01.000 1 storage.initializer ERROR [initializer_entrypoint.py:main():33] Storage initialization failed: GCS resource 'a' not found.",
    ];
    expect(failureMessage(lines)).toBe("GCS resource 'a' not found.");
  });

  it('falls back to the last line, and to nothing without output', () => {
    expect(failureMessage(['x', 'Killed'])).toBe('Killed');
    expect(failureMessage([])).toBeUndefined();
  });
});

describe('terminationLogTail', () => {
  it('is the whole log when short', () => {
    expect(terminationLogTail(['a', 'b'])).toBe('a\nb');
  });

  it('keeps the last 80 lines and at most the last 2048 bytes, like the kubelet', () => {
    const many = Array.from({ length: 100 }, (_, i) => `l${i}`);
    expect(terminationLogTail(many).split('\n')).toEqual(many.slice(20));
    const long = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(98)}`);
    const tail = terminationLogTail(long);
    expect(Buffer.byteLength(tail)).toBe(2048);
    expect(tail.endsWith(long[29] ?? '')).toBe(true);
  });
});
