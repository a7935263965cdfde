import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** Where the running sandbox's storage servers listen; written by `startStorage` once both answer. */
export const storageEndpointsSchema = z.object({
  /** fake-gcs-server, e.g. `http://127.0.0.1:40123` (the value of STORAGE_EMULATOR_HOST). */
  gcs: z.url(),
  /** moto's S3 API, e.g. `http://127.0.0.1:40124` (an s3-endpoint annotation holds `127.0.0.1:40124`). */
  s3: z.url(),
});
export type StorageEndpoints = z.infer<typeof storageEndpointsSchema>;

export function storageDir(stateDir: string): string {
  return join(stateDir, 'storage');
}

export function endpointsFile(stateDir: string): string {
  return join(storageDir(stateDir), 'endpoints.json');
}

export function endpointsFor(ports: { gcs: number; s3: number }): StorageEndpoints {
  return { gcs: `http://127.0.0.1:${ports.gcs}`, s3: `http://127.0.0.1:${ports.s3}` };
}

/** The endpoints of the sandbox in `stateDir`, or undefined when its storage servers were never started. */
export function readEndpoints(stateDir: string): StorageEndpoints | undefined {
  const file = endpointsFile(stateDir);
  if (!existsSync(file)) return undefined;
  try {
    const r = storageEndpointsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeEndpoints(stateDir: string, endpoints: StorageEndpoints): Promise<void> {
  const file = endpointsFile(stateDir);
  await mkdir(storageDir(stateDir), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(storageEndpointsSchema.parse(endpoints), null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
