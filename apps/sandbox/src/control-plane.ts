import type { ComponentSpec } from './component-spec';
import { binaryPath } from './gobuild';
import { httpOk } from './health';
import { type Layout, logFile } from './paths';
import type { ControlPorts } from './state';
import { serviceClusterIpRange } from './versions';

/**
 * kube-controller-manager's controllers: what issue 14 lists, plus what a namespace of a real cluster
 * also relies on (Endpoints next to EndpointSlices, ClusterRole aggregation for admin/edit/view, pod GC,
 * PV binding for `pvc://`) and the node-lifecycle controller, which lifts the `not-ready` taint the
 * apiserver puts on a new Node once the kubelet reports Ready (and sets it again when its Lease stops).
 * No taint-eviction controller: a sandbox restarted after a while keeps its pods instead of evicting them.
 */
export const kcmControllers = [
  'deployment-controller',
  'replicaset-controller',
  'endpointslice-controller',
  'endpoints-controller',
  'garbage-collector-controller',
  'namespace-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
  'horizontal-pod-autoscaler-controller',
  'persistentvolume-binder-controller',
  'clusterrole-aggregation-controller',
  'pod-garbage-collector-controller',
  'node-lifecycle-controller',
] as const;

/** The KServe manager's namespace (KServe reads POD_NAMESPACE; its ConfigMap lives there). */
export const kserveNamespace = 'kserve';

function secureHealth(url: string, l: Layout) {
  return () => httpOk(url, { caFile: l.pki.caCert });
}

/** The three processes of the real control plane, in start order (`real` mode only). */
export function controlPlaneSpecs(ports: ControlPorts, l: Layout, cache: string): ComponentSpec[] {
  const kcmHealth = `https://127.0.0.1:${ports.kubeControllerManager}/healthz`;
  const schedHealth = `https://127.0.0.1:${ports.kubeScheduler}/healthz`;
  const kserveHealth = `http://127.0.0.1:${ports.kserveHealth}/readyz`;
  const serving = [`--tls-cert-file=${l.pki.controlServingCert}`, `--tls-private-key-file=${l.pki.controlServingKey}`];
  return [
    {
      name: 'kube-controller-manager',
      port: ports.kubeControllerManager,
      extraPorts: [],
      argv: [
        binaryPath(cache, 'kube-controller-manager'),
        `--kubeconfig=${l.kcmKubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.kubeControllerManager}`,
        ...serving,
        `--cert-dir=${l.kcmDir}`,
        '--leader-elect=false',
        `--controllers=${kcmControllers.join(',')}`,
        // Each controller acts as its own ServiceAccount in kube-system (as kubeadm sets it up).
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${l.pki.saKey}`,
        `--root-ca-file=${l.pki.caCert}`,
        `--service-cluster-ip-range=${serviceClusterIpRange}`,
        // No metrics API in the sandbox: HPAs report that instead of scaling; check rarely.
        '--horizontal-pod-autoscaler-sync-period=60s',
      ],
      env: process.env,
      cwd: l.kcmDir,
      log: logFile(l.stateDir, 'kube-controller-manager'),
      readyTimeoutMs: 120_000,
      healthUrl: kcmHealth,
      healthy: secureHealth(kcmHealth, l),
    },
    {
      name: 'kube-scheduler',
      port: ports.kubeScheduler,
      extraPorts: [],
      argv: [
        binaryPath(cache, 'kube-scheduler'),
        `--kubeconfig=${l.schedulerKubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.kubeScheduler}`,
        ...serving,
        `--cert-dir=${l.schedulerDir}`,
        '--leader-elect=false',
      ],
      env: process.env,
      cwd: l.schedulerDir,
      log: logFile(l.stateDir, 'kube-scheduler'),
      readyTimeoutMs: 120_000,
      healthUrl: schedHealth,
      healthy: secureHealth(schedHealth, l),
    },
    {
      name: 'kserve-controller',
      port: ports.kserveWebhook,
      extraPorts: [ports.kserveMetrics, ports.kserveHealth],
      argv: [
        binaryPath(cache, 'kserve-manager'),
        `--kubeconfig=${l.kserveKubeconfig}`,
        `--webhook-port=${ports.kserveWebhook}`,
        `--metrics-addr=127.0.0.1:${ports.kserveMetrics}`,
        `--health-probe-addr=127.0.0.1:${ports.kserveHealth}`,
        '--leader-elect=false',
      ],
      // The webhook serving cert comes from $TMPDIR/k8s-webhook-server/serving-certs.
      env: { ...process.env, POD_NAMESPACE: kserveNamespace, TMPDIR: l.kserveTmp },
      cwd: l.kserveDir,
      log: logFile(l.stateDir, 'kserve-controller'),
      // Its readyz is the webhook server's started check.
      readyTimeoutMs: 120_000,
      healthUrl: kserveHealth,
      healthy: () => httpOk(kserveHealth),
    },
  ];
}

export function kserveWebhookBase(ports: ControlPorts): string {
  return `https://127.0.0.1:${ports.kserveWebhook}`;
}
