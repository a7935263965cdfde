/**
 * The ComponentSpec `up` starts for Prometheus (after the controller, whose kubelet API it reads). Its
 * readiness is Prometheus's own `/-/ready`.
 */
import { join } from 'node:path';
import type { ComponentSpec } from '../component-spec';
import { httpOk } from '../health';
import { type Layout, logFile, sandboxDir } from '../paths';
import { type PrometheusPorts, prometheusBinaryPath } from './files';

export const prometheusEntry = join(sandboxDir, 'src', 'prometheus', 'main.ts');

export function prometheusUrl(ports: Pick<PrometheusPorts, 'prometheus'>): string {
  return `http://127.0.0.1:${ports.prometheus}`;
}

export type PrometheusSpec = Omit<ComponentSpec, 'name'> & { name: 'prometheus' };

export function prometheusSpec(
  o: { apiserverUrl: string; kubeletPort: number; ports: PrometheusPorts; cacheDir: string },
  l: Layout,
): PrometheusSpec {
  const url = prometheusUrl(o.ports);
  return {
    name: 'prometheus',
    port: o.ports.prometheus,
    extraPorts: [o.ports.podProxy],
    argv: [process.execPath, '--import', 'tsx', prometheusEntry],
    env: {
      ...process.env,
      SANDBOX_STATE_DIR: l.stateDir,
      SANDBOX_APISERVER_URL: o.apiserverUrl,
      SANDBOX_KUBELET_PORT: String(o.kubeletPort),
      PROMETHEUS_PORT: String(o.ports.prometheus),
      PROMETHEUS_PROXY_PORT: String(o.ports.podProxy),
      PROMETHEUS_BIN: prometheusBinaryPath(o.cacheDir),
    },
    cwd: sandboxDir,
    log: logFile(l.stateDir, 'prometheus'),
    readyTimeoutMs: 60_000,
    healthUrl: `${url}/-/ready`,
    healthy: () => httpOk(`${url}/-/ready`),
  };
}
