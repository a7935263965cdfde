import { join } from 'node:path';
import type { ComponentSpec } from './component-spec';
import { dexIssuer } from './config/dex';
import { controlPlaneSpecs } from './control-plane';
import { binaryPath } from './gobuild';
import { httpOk } from './health';
import { llmisvcSpec } from './llmisvc/spec';
import { type Layout, logFile, sandboxDir } from './paths';
import { readPrometheusPorts } from './prometheus/files';
import { prometheusSpec } from './prometheus/spec';
import type { ComponentName, SandboxState } from './state';
import { storageComponentNames, storageComponentSpecs } from './storage/components';
import { readStoragePorts } from './storage/ports';
import { clientId, ingressDomain, serviceClusterIpRange } from './versions';

export type { ComponentSpec } from './component-spec';

export const controllerEntry = join(sandboxDir, 'src', 'controller', 'main.ts');

export function apiserverUrl(state: SandboxState): string {
  return `https://127.0.0.1:${state.ports.apiserver}`;
}

export function gatewayUrl(state: SandboxState): string {
  return `http://127.0.0.1:${state.ports.gateway}`;
}

/** The component names a sandbox runs. */
export function expectedComponents(): ComponentName[] {
  const control: ComponentName[] = [
    'kube-controller-manager',
    'kube-scheduler',
    'kserve-controller',
    'llmisvc-controller',
  ];
  // the kubelet and gateway (the controller process); Prometheus scrapes the pods through the kubelet
  const node: ComponentName[] = ['controller', 'prometheus'];
  return ['etcd', 'dex', 'kube-apiserver', ...control, ...storageComponentNames, ...node];
}

/**
 * What `up` starts, in start order: the real control plane comes after the apiserver, the controller runs as
 * the kubelet and gateway. The control plane is left out while state.json has no ports for it (before `up` chose
 * them, or in a sandbox the imitation made).
 */
export function componentSpecs(state: SandboxState, l: Layout, cache: string): ComponentSpec[] {
  const { ports } = state;
  const etcdUrl = `http://127.0.0.1:${ports.etcd}`;
  const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
  const issuer = dexIssuer(ports.dex);
  const apiUrl = apiserverUrl(state);
  const specs: ComponentSpec[] = [
    {
      name: 'etcd',
      port: ports.etcd,
      extraPorts: [ports.etcdPeer],
      argv: [
        binaryPath(cache, 'etcd'),
        '--name=sandbox',
        `--data-dir=${l.etcdData}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=sandbox=${peerUrl}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      env: process.env,
      cwd: l.stateDir,
      log: logFile(l.stateDir, 'etcd'),
      readyTimeoutMs: 30_000,
      healthUrl: `${etcdUrl}/health`,
      healthy: () => httpOk(`${etcdUrl}/health`),
    },
    {
      name: 'dex',
      port: ports.dex,
      extraPorts: [],
      argv: [binaryPath(cache, 'dex'), 'serve', l.dexConfig],
      env: process.env,
      cwd: l.dexDir,
      log: logFile(l.stateDir, 'dex'),
      readyTimeoutMs: 30_000,
      healthUrl: `${issuer}/.well-known/openid-configuration`,
      healthy: () => httpOk(`${issuer}/.well-known/openid-configuration`, { caFile: l.pki.caCert }),
    },
    {
      name: 'kube-apiserver',
      port: ports.apiserver,
      extraPorts: [],
      argv: [
        binaryPath(cache, 'kube-apiserver'),
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--etcd-servers=${etcdUrl}`,
        `--cert-dir=${l.apiserverDir}`,
        `--tls-cert-file=${l.pki.apiserverCert}`,
        `--tls-private-key-file=${l.pki.apiserverKey}`,
        `--client-ca-file=${l.pki.caCert}`,
        `--service-cluster-ip-range=${serviceClusterIpRange}`,
        '--allow-privileged=true',
        // The ServiceAccount admission plugin is on: Pods get the namespace's ServiceAccount and its token, as
        // on a real cluster (kube-controller-manager's serviceaccount controllers create them).
        '--authorization-mode=RBAC',
        `--authentication-config=${l.authConfig}`,
        `--service-account-issuer=${apiUrl}`,
        `--service-account-key-file=${l.pki.saPub}`,
        `--service-account-signing-key-file=${l.pki.saKey}`,
        // `kubectl logs` goes through the controller's kubelet API (docs/contracts.md).
        `--kubelet-certificate-authority=${l.pki.caCert}`,
        `--kubelet-client-certificate=${l.pki.adminCert}`,
        `--kubelet-client-key=${l.pki.adminKey}`,
        '--kubelet-preferred-address-types=InternalIP',
      ],
      env: process.env,
      cwd: l.apiserverDir,
      log: logFile(l.stateDir, 'kube-apiserver'),
      readyTimeoutMs: 120_000,
      healthUrl: `${apiUrl}/readyz`,
      healthy: () => httpOk(`${apiUrl}/readyz`, { caFile: l.pki.caCert, cert: l.pki.adminCert, key: l.pki.adminKey }),
    },
  ];
  if (state.controlPorts) specs.push(...controlPlaneSpecs(state.controlPorts, l, cache));
  // KServe's LLMInferenceService controller, once `up` chose its ports (docs/sandbox.md "LLMInferenceService")
  if (state.llmisvcPorts) specs.push(llmisvcSpec(state.llmisvcPorts, l, cache));
  // ports chosen by `up` (storage/ports.ts) before it builds the specs; the servers the kubelet's storage
  // initializer downloads from (docs/sandbox.md "Storage")
  const storagePorts = readStoragePorts(l.stateDir);
  if (storagePorts) specs.push(...storageComponentSpecs(storagePorts, l.stateDir, cache));
  const gw = gatewayUrl(state);
  specs.push({
    name: 'controller',
    port: ports.gateway,
    extraPorts: [],
    argv: [process.execPath, '--import', 'tsx', controllerEntry],
    env: {
      ...process.env,
      KUBECONFIG: l.kubeconfig,
      SANDBOX_STATE_DIR: l.stateDir,
      SANDBOX_GATEWAY_PORT: String(ports.gateway),
      SANDBOX_DEX_ISSUER: issuer,
      SANDBOX_CA_FILE: l.pki.caCert,
      SANDBOX_CLIENT_ID: clientId,
      SANDBOX_SERVICE_CIDR: serviceClusterIpRange,
      SANDBOX_KUBELET_PORT: String(ports.kubelet),
      SANDBOX_INGRESS_DOMAIN: ingressDomain,
      SERVEDECK_CACHE: cache,
    },
    cwd: sandboxDir,
    log: logFile(l.stateDir, 'controller'),
    readyTimeoutMs: 120_000,
    healthUrl: `${gw}/healthz`,
    healthy: () => httpOk(`${gw}/healthz`),
  });
  // ports chosen by `up` (prometheus/files.ts) before it builds the specs
  const promPorts = readPrometheusPorts(l.stateDir);
  if (promPorts) {
    specs.push(
      prometheusSpec({ apiserverUrl: apiUrl, kubeletPort: ports.kubelet, ports: promPorts, cacheDir: cache }, l),
    );
  }
  return specs;
}
