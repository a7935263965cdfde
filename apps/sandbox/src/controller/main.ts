/**
 * The sandbox's KServe controller, kubelet (with its HTTPS API) and ingress gateway in one process.
 * Started by `npm run sandbox -- up`; see docs/contracts.md for its environment. SIGTERM stops every
 * model server it started.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { z } from 'zod';
import { dexVerifier } from '../gateway/auth';
import type { ComponentType, KnownIsvc } from '../gateway/routes';
import { startGateway } from '../gateway/server';
import { ephemeralPort } from '../ports';
import { EventRecorder } from './events';
import { KubeClient } from './kube-client';
import { Kubelet } from './kubelet';
import { startKubeletApi } from './kubelet-api';
import { isvcLabel, nodeName } from './names';
import { ensureKubeletCert, ensureNode } from './node';
import { Controller, isIgnored } from './reconciler';
import { loadRuntimeAdapter } from './runtime-adapter';

const envSchema = z.object({
  KUBECONFIG: z.string().min(1),
  SANDBOX_STATE_DIR: z.string().min(1),
  SANDBOX_GATEWAY_PORT: z.coerce.number().int().min(1).max(65535),
  SANDBOX_KUBELET_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SANDBOX_DEX_ISSUER: z.string().url(),
  SANDBOX_CA_FILE: z.string().optional(),
  SANDBOX_CLIENT_ID: z.string().default('servedeck'),
  SANDBOX_INGRESS_DOMAIN: z.string().default('example.com'),
  /** Parallel reconciles (work-queue.ts). */
  SANDBOX_CONTROLLER_WORKERS: z.coerce.number().int().min(1).max(64).default(4),
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
  const client = new KubeClient(kc);
  const events = new EventRecorder(client, log);
  const onErr = (what: string) => (err: unknown) =>
    log(`watch ${what}: ${err instanceof Error ? err.message : String(err)}`);
  const isvcs = client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1beta1/inferenceservices',
    onErr('inferenceservices'),
  );
  const runtimes = client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1alpha1/servingruntimes',
    onErr('servingruntimes'),
  );
  const clusterRuntimes = client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1alpha1/clusterservingruntimes',
    onErr('clusterservingruntimes'),
  );
  const pods = client.informer<KubernetesObject>(
    '/api/v1/pods',
    onErr('pods'),
    `labelSelector=${encodeURIComponent(isvcLabel)}`,
  );

  const controller = new Controller({
    client,
    events,
    domain: env.SANDBOX_INGRESS_DOMAIN,
    log,
    isvcs,
    runtimes,
    clusterRuntimes,
    pods,
    workers: env.SANDBOX_CONTROLLER_WORKERS,
  });
  const kubelet = new Kubelet({
    client,
    events,
    stateDir,
    runtimes: loadRuntimeAdapter(stateDir),
    planFor: (pod) => controller.planFor(pod),
    onChange: (pod) => {
      const name = pod.metadata?.labels?.[isvcLabel];
      if (name) controller.enqueue(pod.metadata?.namespace ?? '', name);
    },
    freePort: ephemeralPort,
    log,
  });

  const kubeletPort = env.SANDBOX_KUBELET_PORT ?? (await ephemeralPort());
  const tls = ensureKubeletCert(dirname(caFile));
  const kubeletServer = await startKubeletApi({ ...tls, ca: readFileSync(caFile, 'utf8'), port: kubeletPort, kubelet });
  await ensureNode(client, kubeletPort);
  log(`kubelet API on https://127.0.0.1:${kubeletPort} (node ${nodeName})`);

  let synced = false;
  const known = (): KnownIsvc[] =>
    isvcs
      .list()
      .filter((o) => !isIgnored(o))
      .map((o) => {
        const spec = (o as { spec?: Record<string, unknown> }).spec ?? {};
        const components: ComponentType[] = ['predictor'];
        if (spec.transformer) components.push('transformer');
        if (spec.explainer) components.push('explainer');
        return { namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '', components };
      });
  const gateway = await startGateway({
    port: env.SANDBOX_GATEWAY_PORT,
    domain: env.SANDBOX_INGRESS_DOMAIN,
    issuer: env.SANDBOX_DEX_ISSUER,
    clientId: env.SANDBOX_CLIENT_ID,
    verify: dexVerifier(env.SANDBOX_DEX_ISSUER, readFileSync(caFile, 'utf8')),
    isvcs: known,
    endpoints: (ns, name, component) =>
      kubelet
        .endpoints()
        .filter((e) => e.namespace === ns && e.labels[isvcLabel] === name && e.labels.component === component)
        .map((e) => e.port),
    synced: () => synced,
    log,
  });
  log(`gateway on http://127.0.0.1:${env.SANDBOX_GATEWAY_PORT}`);

  const enqueueObj = (o: KubernetesObject) => {
    if (!isIgnored(o)) controller.enqueue(o.metadata?.namespace ?? '', o.metadata?.name ?? '');
  };
  isvcs.on('add', enqueueObj);
  isvcs.on('update', enqueueObj);
  isvcs.on('delete', enqueueObj);
  for (const inf of [runtimes, clusterRuntimes]) {
    inf.on('add', () => controller.enqueueAll());
    inf.on('update', () => controller.enqueueAll());
    inf.on('delete', () => controller.enqueueAll());
  }
  const podEvent = (o: KubernetesObject) => {
    const name = o.metadata?.labels?.[isvcLabel];
    if (name) controller.enqueue(o.metadata?.namespace ?? '', name);
  };
  pods.on('add', (o) => {
    kubelet.sync(o);
    podEvent(o);
  });
  pods.on('update', (o) => {
    kubelet.sync(o);
    podEvent(o);
  });
  pods.on('delete', (o) => {
    kubelet.forget(o);
    podEvent(o);
  });
  await Promise.all([runtimes.start(), clusterRuntimes.start(), isvcs.start()]);
  await pods.start();
  synced = true;
  controller.enqueueAll();
  const resync = setInterval(() => controller.enqueueAll(), 30_000);
  log('controller synced');

  let stopping = false;
  const shutdown = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping model servers`);
    clearInterval(resync);
    controller.stop();
    const force = setTimeout(() => process.exit(1), 15_000);
    await Promise.all([isvcs.stop(), runtimes.stop(), clusterRuntimes.stop(), pods.stop()]).catch(() => {});
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
