import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ephemeralPort } from '../ports';

/** Where the sandbox's Prometheus keeps its files (under the state folder). */
export function prometheusLayout(stateDir: string) {
  const dir = join(stateDir, 'prometheus');
  return {
    dir,
    config: join(dir, 'prometheus.yml'),
    data: join(dir, 'data'),
    token: join(dir, 'token'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    ports: join(dir, 'ports.json'),
  };
}

const portsSchema = z.object({ prometheus: z.number().int(), podProxy: z.number().int() });
export type PrometheusPorts = z.infer<typeof portsSchema>;

/** Ports chosen at the first `up` and kept (Prometheus's URL is exported by `sandbox env`). */
export async function ensurePrometheusPorts(stateDir: string): Promise<PrometheusPorts> {
  const existing = readPrometheusPorts(stateDir);
  if (existing) return existing;
  const ports = { prometheus: await ephemeralPort(), podProxy: await ephemeralPort() };
  const l = prometheusLayout(stateDir);
  mkdirSync(l.dir, { recursive: true });
  writeFileSync(l.ports, JSON.stringify(ports));
  return ports;
}

export function readPrometheusPorts(stateDir: string): PrometheusPorts | undefined {
  const file = prometheusLayout(stateDir).ports;
  if (!existsSync(file)) return undefined;
  const parsed = portsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** Prometheus's release and the Go module version that holds it (v0.316.0 is 3.16.0). */
export const prometheusVersion = '3.16.0';
export const prometheusModuleVersion = 'v0.316.0';

/** Where the build from the Go module proxy is cached (build.ts). */
export function prometheusBinaryPath(cacheDir: string): string {
  return join(cacheDir, 'bin', `prometheus-${prometheusVersion}`, 'prometheus');
}
