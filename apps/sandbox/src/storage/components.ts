import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComponentSpec } from '../component-spec';
import { binaryPath } from '../gobuild';
import { httpOk } from '../health';
import { logFile } from '../paths';
import { storageDir } from './endpoints';
import { storageEnvLocation } from './python-env';

export const storageComponentNames = ['fake-gcs-server', 'moto-s3'] as const;
export type StorageComponentName = (typeof storageComponentNames)[number];

/** Ports of the storage servers, chosen once like the others and kept (the S3 Secret embeds one). */
export type StoragePorts = { gcs: number; s3: number };

/** A ComponentSpec of one of the storage servers (assignable to ComponentSpec once `up` lists the names). */
export type StorageComponentSpec = Omit<ComponentSpec, 'name'> & { name: StorageComponentName };

export const s3ServerScript = join(dirname(fileURLToPath(import.meta.url)), 's3_server.py');

/** `root/<bucket>/<key>`: the objects both servers load at start (written by `startStorage`). */
export function bucketsDir(stateDir: string): string {
  return join(storageDir(stateDir), 'buckets');
}

/**
 * The GCS emulator and the S3 server as components `up` starts after the model mirror exists: both bind
 * 127.0.0.1 only, load `bucketsDir` at start (in memory: a restart reloads it, uploads are not kept) and
 * answer their health URL only once loaded. `stateDir` is the sandbox state folder, `cache` the
 * SERVEDECK_CACHE (binaries and venvs).
 */
export function storageComponentSpecs(ports: StoragePorts, stateDir: string, cache: string): StorageComponentSpec[] {
  const data = bucketsDir(stateDir);
  const gcsUrl = `http://127.0.0.1:${ports.gcs}`;
  const s3Url = `http://127.0.0.1:${ports.s3}`;
  const venv = storageEnvLocation(cache);
  return [
    {
      name: 'fake-gcs-server',
      port: ports.gcs,
      extraPorts: [],
      argv: [
        binaryPath(cache, 'fake-gcs-server'),
        '-scheme=http',
        '-host=127.0.0.1',
        `-port=${ports.gcs}`,
        '-backend=memory',
        `-data=${data}`,
        // Object media links and upload locations point back at this address, not storage.googleapis.com.
        `-external-url=${gcsUrl}`,
        `-public-host=127.0.0.1:${ports.gcs}`,
        '-log-level=warn',
      ],
      env: process.env,
      cwd: storageDir(stateDir),
      log: logFile(stateDir, 'fake-gcs-server'),
      readyTimeoutMs: 30_000,
      healthUrl: `${gcsUrl}/storage/v1/b`,
      healthy: () => httpOk(`${gcsUrl}/storage/v1/b`),
    },
    {
      name: 'moto-s3',
      port: ports.s3,
      extraPorts: [],
      argv: [venv.python, s3ServerScript, `--port=${ports.s3}`, `--data=${data}`],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
      cwd: storageDir(stateDir),
      log: logFile(stateDir, 'moto-s3'),
      readyTimeoutMs: 60_000,
      healthUrl: `${s3Url}/moto-api/`,
      healthy: () => httpOk(`${s3Url}/moto-api/`),
    },
  ];
}
