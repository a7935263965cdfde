import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageComponentSpecs } from '../../src/storage/components';
import { endpointsFile, endpointsFor, readEndpoints, writeEndpoints } from '../../src/storage/endpoints';
import { s3CredentialObjects, s3EndpointHost } from '../../src/storage/s3-credentials';
import { storageObjects } from '../../src/storage/start';

describe('S3 credentials', () => {
  it("are KServe's Secret + ServiceAccount shape with the endpoint annotations", () => {
    const [secret, sa] = s3CredentialObjects('ns1', 'http://127.0.0.1:40124');
    expect(secret).toMatchObject({
      kind: 'Secret',
      metadata: {
        name: 'servedeck-s3',
        namespace: 'ns1',
        annotations: {
          'serving.kserve.io/s3-endpoint': '127.0.0.1:40124',
          'serving.kserve.io/s3-usehttps': '0',
          'serving.kserve.io/s3-region': 'us-east-1',
        },
      },
    });
    const data = (secret as unknown as { data: Record<string, string> }).data;
    expect(Object.keys(data).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(Buffer.from(data.AWS_ACCESS_KEY_ID ?? '', 'base64').toString()).toBe('servedeck-sandbox');
    expect(sa).toMatchObject({
      kind: 'ServiceAccount',
      metadata: { name: 'servedeck-s3' },
      secrets: [{ name: 'servedeck-s3' }],
    });
    expect(s3EndpointHost('http://127.0.0.1:9000')).toBe('127.0.0.1:9000');
  });

  it('come with a PV/PVC pair for every namespace', () => {
    const kinds = storageObjects(['a', 'b'], '/s', 'http://127.0.0.1:1').map(
      (o) => `${o.metadata.namespace ?? ''}/${o.kind}`,
    );
    expect(kinds).toEqual([
      '/PersistentVolume',
      'a/PersistentVolumeClaim',
      'a/Secret',
      'a/ServiceAccount',
      '/PersistentVolume',
      'b/PersistentVolumeClaim',
      'b/Secret',
      'b/ServiceAccount',
    ]);
  });
});

describe('storage components', () => {
  it('bind 127.0.0.1 on their own ports and load the same bucket folder', () => {
    const [gcs, s3] = storageComponentSpecs({ gcs: 40001, s3: 40002 }, '/state', '/cache');
    expect(gcs?.argv).toEqual(
      expect.arrayContaining(['-host=127.0.0.1', '-port=40001', '-scheme=http', '-data=/state/storage/buckets']),
    );
    expect(gcs?.argv[0]).toBe('/cache/bin/fake-gcs-server-v1.56.1/fake-gcs-server');
    expect(gcs?.healthUrl).toBe('http://127.0.0.1:40001/storage/v1/b');
    expect(s3?.argv).toEqual(expect.arrayContaining(['--port=40002', '--data=/state/storage/buckets']));
    expect(s3?.argv[0]).toMatch(/^\/cache\/venv\/storage-[0-9a-f]{12}\/bin\/python$/);
    expect(s3?.log).toBe('/state/logs/moto-s3.log');
  });
});

describe('endpoints file', () => {
  it('round-trips, and reads as absent when missing or not valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-ep-'));
    expect(readEndpoints(dir)).toBeUndefined();
    await writeEndpoints(dir, endpointsFor({ gcs: 1234, s3: 5678 }));
    expect(readEndpoints(dir)).toEqual({ gcs: 'http://127.0.0.1:1234', s3: 'http://127.0.0.1:5678' });
    writeFileSync(endpointsFile(dir), '{"gcs": 1}');
    expect(readEndpoints(dir)).toBeUndefined();
  });
});
