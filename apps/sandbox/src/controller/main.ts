/**
 * The sandbox's node side: the kubelet (with its HTTPS API) and the ingress gateway, in one process started by
 * `npm run sandbox -- up` (docs/contracts.md lists its environment). SIGTERM stops every process it started.
 *
 * SANDBOX_KSERVE_MODE picks what else runs here:
 * - `real`: nothing else. The real KServe controller manager, kube-controller-manager and kube-scheduler do
 *   the rest; the kubelet runs the pods the scheduler bound to the node, the gateway finds backends through
 *   Services and EndpointSlices.
 * - `imitation` (default until `up` starts the real parts): also our own KServe controller and
 *   deployment/replicaset controllers (imitation.ts), which bind pods to the node themselves; the gateway
 *   finds ready pods by their labels.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubeConfig, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { dexVerifier } from '../gateway/auth';
import { type EndpointSliceLike, type ServiceLike, serviceBackends } from '../gateway/endpoints';
import { knownIsvc } from '../gateway/known';
import type { KnownIsvc } from '../gateway/routes';
import { startGateway } from '../gateway/server';
import { ephemeralPort } from '../ports';
import { sandboxRouter } from '../router/router-launch';
import { EventRecorder } from './events';
import { type Imitation, imitation } from './imitation';
import { KubeClient } from './kube-client';
import { Kubelet } from './kubelet';
import { startKubeletApi } from './kubelet-api';
import { isvcLabel, nodeName } from './names';
import { ensureKubeletCert, ensureNode, startNodeHeartbeat } from './node';
import { podAddress } from './pod-ip';
import { isIgnored } from './reconciler';

export const kserveModes = ['real', 'imitation'] as const;

export const envSchema = z.object({
  KUBECONFIG: z.string().min(1),
  SANDBOX_STATE_DIR: z.string().min(1),
  /** `real`: kubelet + kubelet API + gateway only (the real KServe and kube-controller-manager run). */
  SANDBOX_KSERVE_MODE: z.enum(kserveModes).default('imitation'),
  SANDBOX_GATEWAY_PORT: z.coerce.number().int().min(1).max(65535),
  SANDBOX_KUBELET_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SANDBOX_DEX_ISSUER: z.string().url(),
  SANDBOX_CA_FILE: z.string().optional(),
  SANDBOX_CLIENT_ID: z.string().default('servedeck'),
  SANDBOX_INGRESS_DOMAIN: z.string().default('example.com'),
  /** Parallel reconciles of the imitation (work-queue.ts). */
  SANDBOX_CONTROLLER_WORKERS: z.coerce.number().int().min(1).max(64).default(4),
  /** Cap of the crash-loop back-off (the kubelet's is 300 s). */
  SANDBOX_KUBELET_MAX_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(300).default(300),
});

function log(msg: string): void {
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
}

async function main(): Promise<void> {
  const parsed = envSchema.safeParse({
    ...process.env,
    SANDBOX_DEX_ISSUER: process.env.SANDBOX_DEX_ISSUER ?? process.env.SANDBOX_OIDC_ISSUER,
  });
  if (!parsed.success) {
    process.stderr.write(`controller: bad environment: ${parsed.error.message}\n`);
    process.exit(2);
  }
  const env = parsed.data;
  const real = env.SANDBOX_KSERVE_MODE === 'real';
  const stateDir = env.SANDBOX_STATE_DIR;
  const caFile = env.SANDBOX_CA_FILE ?? join(stateDir, 'pki', 'ca.crt');
  const kc = new KubeConfig();
  kc.loadFromFile(env.KUBECONFIG);
  const client = new KubeClient(kc);
  const events = new EventRecorder(client, log);
  const onErr = (what: string) => (err: unknown) =>
    log(`watch ${what}: ${err instanceof Error ? err.message : String(err)}`);
  const isvcs = client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1beta1/inferenceservices',
    onErr('inferenceservices'),
  );
  // real: every pod bound to this node; imitation: the pods of InferenceServices (its controller needs them all)
  const pods = client.informer<KubernetesObject>(
    '/api/v1/pods',
    onErr('pods'),
    real
      ? `fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`
      : `labelSelector=${encodeURIComponent(isvcLabel)}`,
  );
  const services = real ? client.informer<KubernetesObject>('/api/v1/services', onErr('services')) : undefined;
  const slices = real
    ? client.informer<KubernetesObject>('/apis/discovery.k8s.io/v1/endpointslices', onErr('endpointslices'))
    : undefined;
  const im: Imitation | undefined = real
    ? undefined
    : imitation({
        client,
        events,
        domain: env.SANDBOX_INGRESS_DOMAIN,
        workers: env.SANDBOX_CONTROLLER_WORKERS,
        log,
        isvcs,
        pods,
        onError: onErr,
      });

  const kubelet = new Kubelet({
    client,
    events,
    stateDir,
    freePort: ephemeralPort,
    log,
    backoffCapSeconds: env.SANDBOX_KUBELET_MAX_BACKOFF_SECONDS,
    podIP: podAddress(),
    router: sandboxRouter(env.SANDBOX_GATEWAY_PORT),
    ...(im ? { onChange: (pod: V1Pod) => im.podChanged(pod), emitScheduled: true } : {}),
  });

  const kubeletPort = env.SANDBOX_KUBELET_PORT ?? (await ephemeralPort());
  const tls = ensureKubeletCert(dirname(caFile));
  const kubeletServer = await startKubeletApi({ ...tls, ca: readFileSync(caFile, 'utf8'), port: kubeletPort, kubelet });
  await ensureNode(client, kubeletPort);
  const heartbeat = new AbortController();
  startNodeHeartbeat(client, kubeletPort, log, heartbeat.signal);
  log(`kubelet API on https://127.0.0.1:${kubeletPort} (node ${nodeName}, mode ${env.SANDBOX_KSERVE_MODE})`);

  let synced = false;
  const known = (): KnownIsvc[] =>
    isvcs
      .list()
      .filter((o) => real || !isIgnored(o))
      .map((o) => knownIsvc(o as Parameters<typeof knownIsvc>[0]));
  const endpoints = (ns: string, name: string, component: string): number[] => {
    if (!services || !slices) {
      return kubelet
        .endpoints()
        .filter((e) => e.namespace === ns && e.labels[isvcLabel] === name && e.labels.component === component)
        .map((e) => e.port);
    }
    const svc = services.get(`${name}-${component}`, ns) as ServiceLike | undefined;
    return serviceBackends(svc, slices.list() as EndpointSliceLike[]).flatMap((b) => {
      const p = kubelet.hostPort(b.namespace, b.pod, b.containerPort);
      return p === undefined ? [] : [p];
    });
  };
  // any Service by its cluster-local name (the InferenceGraph router's step calls and its own Service)
  const serviceEndpoints = (ns: string, name: string): number[] =>
    serviceBackends(
      services?.get(name, ns) as ServiceLike | undefined,
      (slices?.list() ?? []) as EndpointSliceLike[],
    ).flatMap((b) => kubelet.hostPort(b.namespace, b.pod, b.containerPort) ?? []);
  // an InferenceGraph's external host (KServe's domain template NAME-NS.DOMAIN) -> its router's Service
  const graphServiceOf = (host: string) => {
    for (const s of services?.list() ?? []) {
      const m = (s as { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } }).metadata;
      if (!m?.name || !m.namespace || !m.labels?.['serving.kserve.io/inferencegraph']) continue;
      if (host === `${m.name}-${m.namespace}.${env.SANDBOX_INGRESS_DOMAIN}`)
        return { namespace: m.namespace, name: m.name };
    }
    return undefined;
  };
  const gateway = await startGateway({
    port: env.SANDBOX_GATEWAY_PORT,
    domain: env.SANDBOX_INGRESS_DOMAIN,
    issuer: env.SANDBOX_DEX_ISSUER,
    clientId: env.SANDBOX_CLIENT_ID,
    verify: dexVerifier(env.SANDBOX_DEX_ISSUER, readFileSync(caFile, 'utf8')),
    isvcs: known,
    endpoints,
    ...(real ? { serviceEndpoints, externalService: graphServiceOf } : {}),
    synced: () => synced,
    log,
  });
  log(`gateway on http://127.0.0.1:${env.SANDBOX_GATEWAY_PORT}`);

  pods.on('add', (o) => kubelet.sync(o as V1Pod));
  pods.on('update', (o) => kubelet.sync(o as V1Pod));
  pods.on('delete', (o) => kubelet.forget(o as V1Pod));
  await im?.start();
  await Promise.all([isvcs.start(), services?.start(), slices?.start()]);
  await pods.start();
  synced = true;
  im?.begin();
  log(real ? 'kubelet and gateway synced' : 'controller synced');

  let stopping = false;
  const shutdown = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping model servers`);
    heartbeat.abort();
    const force = setTimeout(() => process.exit(1), 15_000);
    await im?.stop();
    await Promise.all([isvcs.stop(), pods.stop(), services?.stop(), slices?.stop()]).catch(() => {});
    await kubelet.stopAll();
    gateway.close();
    kubeletServer.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`controller: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
