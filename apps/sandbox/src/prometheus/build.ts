/**
 * Prometheus for the sandbox, built from the Go module proxy (Debian bookworm's `prometheus` 2.42 is built
 * without Kubernetes service discovery, which the sandbox needs). Only the Kubernetes SD plugin is compiled
 * in (`remove_all_sd,enable_kubernetes_sd`); no web UI assets (the HTTP API is all ServeDeck uses).
 * Cached in `$SERVEDECK_CACHE/bin/prometheus-<version>/prometheus`; a few minutes the first time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { prometheusBinaryPath, prometheusModuleVersion, prometheusVersion } from './files';

export const prometheusPackage = 'github.com/prometheus/prometheus/cmd/prometheus';

export function buildArgs(gobin: string): { args: string[]; env: Record<string, string> } {
  return {
    args: [
      'install',
      '-trimpath',
      '-tags',
      'remove_all_sd,enable_kubernetes_sd',
      '-ldflags',
      `-s -w -X github.com/prometheus/common/version.Version=${prometheusVersion}`,
      `${prometheusPackage}@${prometheusModuleVersion}`,
    ],
    env: { GOBIN: gobin, GOFLAGS: '-mod=mod' },
  };
}

/** The cached binary, built first when missing. `log` gets a progress line every 15 s. */
export async function ensurePrometheus(o: { cacheDir: string; log: (line: string) => void }): Promise<string> {
  const bin = prometheusBinaryPath(o.cacheDir);
  if (existsSync(bin)) return bin;
  mkdirSync(dirname(dirname(bin)), { recursive: true });
  const tmp = mkdtempSync(join(dirname(dirname(bin)), '.prometheus-build-'));
  const { args, env } = buildArgs(tmp);
  o.log(`go ${args.join(' ')}`);
  const started = Date.now();
  const tick = setInterval(
    () => o.log(`go build prometheus: still running (${Math.round((Date.now() - started) / 1000)}s)`),
    15_000,
  );
  try {
    const output: string[] = [];
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn('go', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (b: Buffer) => {
        output.push(b.toString('utf8'));
        if (output.length > 200) output.shift();
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) {
      const tail = output.join('').trim().split('\n').slice(-20).join('\n');
      throw new Error(`building prometheus ${prometheusVersion} failed (exit ${code}):\n${tail}`);
    }
    mkdirSync(dirname(bin), { recursive: true });
    renameSync(join(tmp, 'prometheus'), bin);
    o.log(`built prometheus ${prometheusVersion} in ${Math.round((Date.now() - started) / 1000)}s`);
    return bin;
  } finally {
    clearInterval(tick);
    rmSync(tmp, { recursive: true, force: true });
  }
}
