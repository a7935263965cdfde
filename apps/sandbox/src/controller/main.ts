/**
 * The sandbox's node side: the kubelet (with its HTTPS API) and the ingress gateway, in one process started by
 * `npm run sandbox -- up` (docs/contracts.md lists its environment). SIGTERM stops every process it started.
 *
 * The real KServe controller manager, kube-controller-manager and kube-scheduler do the rest: the kubelet
 * runs the pods the scheduler bound to the node, the gateway finds backends through Services and EndpointSlices.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubeConfig, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { dexVerifier } from '../gateway/auth';
import { type EndpointSliceLike, type ServiceLike, serviceBackends } from '../gateway/endpoints';
import { GatewayApiStatus, gatewayRefs, ourGateways } from '../gateway/gateway-api-status';
import { attachedTo, type HttpRouteLike, routeHttp, serviceOf } from '../gateway/httproute';
import { knownIsvc } from '../gateway/known';
import type { KnownIsvc } from '../gateway/routes';
import { startGateway } from '../gateway/server';
import { ephemeralPort } from '../ports';
import { sandboxRouter } from '../router/router-launch';
import { EventRecorder } from './events';
import { Kubelet } from './kubelet';
import { startKubeletApi } from './kubelet-api';
import { nodeName } from './names';
import { ensureKubeletCert, ensureNode, startNodeHeartbeat } from './node';
import { podAddress } from './pod-ip';
import { TypedKube } from './typed-kube';

export const envSchema = z.object({
  KUBECONFIG: z.string().min(1),
  SANDBOX_STATE_DIR: z.string().min(1),
  SANDBOX_GATEWAY_PORT: z.coerce.number().int().min(1).max(65535),
  SANDBOX_KUBELET_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SANDBOX_DEX_ISSUER: z.string().url(),
  SANDBOX_CA_FILE: z.string().optional(),
  SANDBOX_CLIENT_ID: z.string().default('servedeck'),
  SANDBOX_INGRESS_DOMAIN: z.string().default('example.com'),
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
  const stateDir = env.SANDBOX_STATE_DIR;
  const caFile = env.SANDBOX_CA_FILE ?? join(stateDir, 'pki', 'ca.crt');
  const kc = new KubeConfig();
  kc.loadFromFile(env.KUBECONFIG);
  const client = new TypedKube(kc);
  const events = new EventRecorder(client, log);
  const onErr = (what: string) => (err: unknown) =>
    log(`watch ${what}: ${err instanceof Error ? err.message : String(err)}`);
  const isvcs = client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1beta1/inferenceservices',
    onErr('inferenceservices'),
  );
  // every pod the scheduler bound to this node
  const pods = client.informer<KubernetesObject>(
    '/api/v1/pods',
    onErr('pods'),
    `fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`,
  );
  const services = client.informer<KubernetesObject>('/api/v1/services', onErr('services'));
  const slices = client.informer<KubernetesObject>('/apis/discovery.k8s.io/v1/endpointslices', onErr('endpointslices'));
  // Gateway API (gateway-api.ts): the sandbox gateway's GatewayClass, its Gateways and their HTTPRoutes
  const gwApi = '/apis/gateway.networking.k8s.io/v1';
  const gatewayClasses = client.informer<KubernetesObject>(`${gwApi}/gatewayclasses`, onErr('gatewayclasses'));
  const gateways = client.informer<KubernetesObject>(`${gwApi}/gateways`, onErr('gateways'));
  const httpRoutes = client.informer<KubernetesObject>(`${gwApi}/httproutes`, onErr('httproutes'));

  const kubelet = new Kubelet({
    client,
    events,
    stateDir,
    freePort: ephemeralPort,
    log,
    backoffCapSeconds: env.SANDBOX_KUBELET_MAX_BACKOFF_SECONDS,
    podIP: podAddress(),
    router: sandboxRouter(env.SANDBOX_GATEWAY_PORT),
  });

  const kubeletPort = env.SANDBOX_KUBELET_PORT ?? (await ephemeralPort());
  const tls = ensureKubeletCert(dirname(caFile));
  const kubeletServer = await startKubeletApi({ ...tls, ca: readFileSync(caFile, 'utf8'), port: kubeletPort, kubelet });
  await ensureNode(client, kubeletPort);
  const heartbeat = new AbortController();
  startNodeHeartbeat(client, kubeletPort, log, heartbeat.signal);
  log(`kubelet API on https://127.0.0.1:${kubeletPort} (node ${nodeName})`);

  let synced = false;
  const known = (): KnownIsvc[] => isvcs.list().map((o) => knownIsvc(o as Parameters<typeof knownIsvc>[0]));
  // any Service by its cluster-local name (the InferenceGraph router's step calls and its own Service)
  const serviceEndpoints = (ns: string, name: string, port = 80): number[] =>
    serviceBackends(
      services.get(name, ns) as ServiceLike | undefined,
      slices.list() as EndpointSliceLike[],
      port,
    ).flatMap((b) => kubelet.hostPort(b.namespace, b.pod, b.containerPort) ?? []);
  const gwSources = {
    classes: gatewayClasses,
    gateways,
    routes: httpRoutes,
    serviceExists: (ns: string, name: string) => services.get(name, ns) !== undefined,
  };
  // HTTPRoutes attached to our Gateways (KServe's LLMInferenceService routes): rule -> Service backend's ready ports
  const httpRoute = (req: { host: string; method: string; path: string; headers: Record<string, string> }) => {
    const refs = gatewayRefs(ourGateways(gwSources));
    const attached = (httpRoutes.list() as HttpRouteLike[]).filter((r) => attachedTo(r, refs));
    const decision = routeHttp(attached, req);
    if (!decision) return undefined;
    const svc = serviceOf(decision.backend, decision.route.namespace);
    return { decision, ports: svc ? serviceEndpoints(svc.namespace, svc.name, svc.port) : undefined };
  };
  // an InferenceService component: KServe's Service NAME-<component> (port 80)
  const endpoints = (ns: string, name: string, component: string): number[] =>
    serviceEndpoints(ns, `${name}-${component}`);
  // an InferenceGraph's external host (KServe's domain template NAME-NS.DOMAIN) -> its router's Service
  const graphServiceOf = (host: string) => {
    for (const s of services.list()) {
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
    serviceEndpoints,
    externalService: graphServiceOf,
    httpRoute,
    synced: () => synced,
    log,
  });
  log(`gateway on http://127.0.0.1:${env.SANDBOX_GATEWAY_PORT}`);

  const gwStatus = new GatewayApiStatus(client, gwSources, env.SANDBOX_GATEWAY_PORT, log);
  for (const inf of [gatewayClasses, gateways, httpRoutes, services]) {
    inf.on('add', () => gwStatus.schedule());
    inf.on('update', () => gwStatus.schedule());
    inf.on('delete', () => gwStatus.schedule());
  }
  pods.on('add', (o) => kubelet.sync(o as V1Pod));
  pods.on('update', (o) => kubelet.sync(o as V1Pod));
  pods.on('delete', (o) => kubelet.forget(o as V1Pod));
  await Promise.all([
    isvcs.start(),
    services.start(),
    slices.start(),
    gatewayClasses.start(),
    gateways.start(),
    httpRoutes.start(),
  ]);
  gwStatus.schedule();
  await pods.start();
  synced = true;
  log('kubelet and gateway synced');

  let stopping = false;
  const shutdown = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping model servers`);
    heartbeat.abort();
    const force = setTimeout(() => process.exit(1), 15_000);
    gwStatus.stop();
    await Promise.all([isvcs, pods, services, slices, gatewayClasses, gateways, httpRoutes].map((i) => i.stop())).catch(
      () => {},
    );
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
