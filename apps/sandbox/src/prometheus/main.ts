/**
 * The sandbox's Prometheus as one component: give it a ServiceAccount token and a kubelet client
 * certificate, write prometheus.yml, start the pod-port proxy, then run Prometheus (built from the Go module proxy, build.ts) on
 * 127.0.0.1 as a child (same process group: `down` stops both). Environment: SANDBOX_STATE_DIR,
 * SANDBOX_APISERVER_URL, SANDBOX_KUBELET_PORT, PROMETHEUS_PORT, PROMETHEUS_PROXY_PORT, PROMETHEUS_BIN.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { KubeRest } from '../kube';
import { layout } from '../paths';
import { ensureClientCert, writeServiceAccountToken } from './access';
import { prometheusConfig } from './config';
import { prometheusLayout } from './files';
import { startPodProxy } from './pod-proxy';

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  const stateDir = need('SANDBOX_STATE_DIR');
  const apiserverUrl = need('SANDBOX_APISERVER_URL');
  const kubeletPort = Number(need('SANDBOX_KUBELET_PORT'));
  const port = Number(need('PROMETHEUS_PORT'));
  const proxyPort = Number(need('PROMETHEUS_PROXY_PORT'));
  const bin = need('PROMETHEUS_BIN');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: \`sandbox up\` builds it (build.ts)`);
  const l = layout(stateDir);
  const p = prometheusLayout(stateDir);
  mkdirSync(p.data, { recursive: true });

  const kube = KubeRest.admin(apiserverUrl, l.pki);
  await writeServiceAccountToken(kube, p.token);
  // the token lasts 48 h: renew it twice a day while running (Prometheus re-reads the file)
  const renew = setInterval(
    () => void writeServiceAccountToken(kube, p.token).catch((e) => console.error(`token renewal failed: ${e}`)),
    12 * 3600_000,
  );
  renew.unref();
  ensureClientCert({ caCert: l.pki.caCert, caKey: l.pki.caKey, cert: p.clientCert, key: p.clientKey });
  writeFileSync(
    p.config,
    prometheusConfig({
      apiserverUrl,
      caFile: l.pki.caCert,
      tokenFile: p.token,
      kubeletCert: p.clientCert,
      kubeletKey: p.clientKey,
      podProxyPort: proxyPort,
    }),
  );
  const read = (f: string) => readFileSync(f, 'utf8');
  const proxy = await startPodProxy({
    port: proxyPort,
    kubeletUrl: `https://127.0.0.1:${kubeletPort}`,
    tls: { ca: read(l.pki.caCert), cert: read(p.clientCert), key: read(p.clientKey) },
  });
  console.log(`pod-port proxy on 127.0.0.1:${proxyPort}; starting ${bin} on 127.0.0.1:${port}`);
  const child = spawn(
    bin,
    [
      `--config.file=${p.config}`,
      `--storage.tsdb.path=${p.data}`,
      '--storage.tsdb.retention.time=7d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: 'inherit' },
  );
  const stop = (sig: NodeJS.Signals) => {
    child.kill(sig);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  child.on('exit', (code, sig) => {
    proxy.close();
    void kube.close();
    console.log(`prometheus exited (${sig ?? code})`);
    process.exit(code ?? 0);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
