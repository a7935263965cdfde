import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ephemeralPort } from '../ports';
import type { StoragePorts } from './components';
import { storageDir } from './endpoints';

const portsSchema = z.object({ gcs: z.number().int().min(1).max(65535), s3: z.number().int().min(1).max(65535) });

function portsFile(stateDir: string): string {
  return join(storageDir(stateDir), 'ports.json');
}

/** The storage servers' ports, chosen at the first `up` that starts them and kept (the S3 Secret holds one). */
export async function ensureStoragePorts(stateDir: string): Promise<StoragePorts> {
  const existing = readStoragePorts(stateDir);
  if (existing) return existing;
  const gcs = await ephemeralPort();
  let s3 = await ephemeralPort();
  while (s3 === gcs) s3 = await ephemeralPort();
  mkdirSync(storageDir(stateDir), { recursive: true });
  writeFileSync(portsFile(stateDir), `${JSON.stringify({ gcs, s3 })}\n`);
  return { gcs, s3 };
}

export function readStoragePorts(stateDir: string): StoragePorts | undefined {
  const file = portsFile(stateDir);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = portsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
