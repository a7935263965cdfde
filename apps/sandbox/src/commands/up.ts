import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { type ComponentSpec, componentSpecs, expectedComponents } from '../components';
import { renderAuthenticationConfig } from '../config/authentication';
import { dexIssuer, renderDexConfig } from '../config/dex';
import { renderKubeconfig } from '../config/kubeconfig';
import type { Context } from '../context';
import { kserveWebhookBase } from '../control-plane';
import { type BinaryName, ensureBinaries, requireTool } from '../gobuild';
import { applyAll, loadManifests, waitEstablished } from '../kserve';
import { kserveBaseObjects, kserveWebhookObjects } from '../kserve-install';
import { checkRecordedKserveMode, checkRequestedKserveMode } from '../kserve-mode';
import { KubeRest } from '../kube';
import { ensureRunning } from '../lifecycle';
import { ensureLlmEnv } from '../llmisvc/python-env';
import { writeTinyModel } from '../llmisvc/tiny-model';
import { llmisvcStep } from '../llmisvc/up-step';
import { ensurePki } from '../pki';
import { allocatePorts } from '../ports';
import { isOurs } from '../processes';
import { Progress } from '../progress';
import { ensurePrometheus } from '../prometheus/build';
import { ensurePrometheusPorts } from '../prometheus/files';
import { clusterRoles, profileObjects } from '../rbac';
import { ensureModelMirror, ensurePythonEnvs } from '../runtimes';
import { sandboxNodeStep } from '../sandbox-node';
import { type ControlPorts, type LlmisvcPorts, readState, type SandboxState, writeState } from '../state';
import { ensureStorageEnv, modelsVolumeDir, startStorage } from '../storage';
import { ensureStoragePorts } from '../storage/ports';
import { namespaces, users } from '../users';
import { verifyUserAccess } from '../verify';
import { clientId, redirectPorts } from '../versions';
import { printSummary } from './summary';

async function initialState(): Promise<SandboxState> {
  const ports = await allocatePorts(
    ['etcd', 'etcdPeer', 'dex', 'apiserver', 'gateway', 'kubelet'] as const,
    redirectPorts,
  );
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    ports,
    kserveMode: 'real',
    clientSecret: randomBytes(24).toString('base64url'),
    components: {},
  };
}

async function controlPorts(state: SandboxState): Promise<ControlPorts> {
  const taken = [...redirectPorts, ...Object.values(state.ports)];
  return allocatePorts(
    ['kserveWebhook', 'kserveMetrics', 'kserveHealth', 'kubeControllerManager', 'kubeScheduler'] as const,
    taken,
  );
}

async function llmisvcPorts(state: SandboxState): Promise<LlmisvcPorts> {
  const taken = [...redirectPorts, ...Object.values(state.ports), ...Object.values(state.controlPorts ?? {})];
  return allocatePorts(['webhook', 'metrics', 'health'] as const, taken);
}

const binaries: BinaryName[] = [
  'etcd',
  'dex',
  'kube-apiserver',
  'kubectl',
  'fake-gcs-server',
  'kube-controller-manager',
  'kube-scheduler',
  'kserve-manager',
  'kserve-router',
  'kserve-router-sandbox',
  'kserve-llmisvc',
];

async function allHealthy(specs: ComponentSpec[], state: SandboxState): Promise<boolean> {
  const expected = expectedComponents();
  if (specs.length !== expected.length) return false;
  for (const s of specs) {
    const rec = state.components[s.name];
    if (!rec || !isOurs(rec) || !(await s.healthy())) return false;
  }
  return true;
}

function writeDexConfig(ctx: Context, state: SandboxState): void {
  mkdirSync(ctx.l.dexDir, { recursive: true });
  const withHashes = users.map((u) => ({ ...u, hash: bcrypt.hashSync(u.password, 10) }));
  const yaml = renderDexConfig({
    port: state.ports.dex,
    tlsCert: ctx.l.pki.dexCert,
    tlsKey: ctx.l.pki.dexKey,
    clientId,
    clientSecret: state.clientSecret,
    redirectPorts,
    etcdEndpoint: `http://127.0.0.1:${state.ports.etcd}`,
    users: withHashes,
  });
  writeFileSync(ctx.l.dexConfig, yaml, { mode: 0o600 });
}

function writeApiserverFiles(ctx: Context, state: SandboxState): void {
  mkdirSync(ctx.l.apiserverDir, { recursive: true });
  const caPem = readFileSync(ctx.l.pki.caCert, 'utf8');
  writeFileSync(
    ctx.l.authConfig,
    renderAuthenticationConfig({ issuer: dexIssuer(state.ports.dex), audience: clientId, caPem }),
  );
  const kubeconfig = renderKubeconfig({
    server: `https://127.0.0.1:${state.ports.apiserver}`,
    caPem,
    certPem: readFileSync(ctx.l.pki.adminCert, 'utf8'),
    keyPem: readFileSync(ctx.l.pki.adminKey, 'utf8'),
  });
  writeFileSync(ctx.l.kubeconfig, kubeconfig, { mode: 0o600 });
}

/** Kubeconfigs of the control plane's own identities and the KServe manager's webhook serving cert. */
function writeControlPlaneFiles(ctx: Context, state: SandboxState): void {
  const { l } = ctx;
  const caPem = readFileSync(l.pki.caCert, 'utf8');
  const server = `https://127.0.0.1:${state.ports.apiserver}`;
  const identities = [
    { dir: l.kcmDir, file: l.kcmKubeconfig, cert: l.pki.kcmCert, key: l.pki.kcmKey, user: 'kube-controller-manager' },
    {
      dir: l.schedulerDir,
      file: l.schedulerKubeconfig,
      cert: l.pki.schedulerCert,
      key: l.pki.schedulerKey,
      user: 'kube-scheduler',
    },
    {
      dir: l.kserveDir,
      file: l.kserveKubeconfig,
      cert: l.pki.kserveCert,
      key: l.pki.kserveKey,
      user: 'kserve-controller-manager',
    },
    {
      dir: l.llmisvcDir,
      file: l.llmisvcKubeconfig,
      cert: l.pki.llmisvcCert,
      key: l.pki.llmisvcKey,
      user: 'llmisvc-controller-manager',
    },
  ];
  for (const i of identities) {
    mkdirSync(i.dir, { recursive: true, mode: 0o700 });
    const text = renderKubeconfig({
      server,
      caPem,
      certPem: readFileSync(i.cert, 'utf8'),
      keyPem: readFileSync(i.key, 'utf8'),
      user: i.user,
    });
    writeFileSync(i.file, text, { mode: 0o600 });
  }
  // Both webhook servers (KServe's manager and its LLMInferenceService controller) serve the same certificate
  // (SAN 127.0.0.1, issued by the sandbox CA), each from its own TMPDIR.
  for (const tmp of [l.kserveTmp, l.llmisvcTmp]) {
    const certs = join(tmp, 'k8s-webhook-server', 'serving-certs');
    mkdirSync(certs, { recursive: true, mode: 0o700 });
    copyFileSync(l.pki.kserveWebhookCert, join(certs, 'tls.crt'));
    copyFileSync(l.pki.kserveWebhookKey, join(certs, 'tls.key'));
  }
}

export async function up(ctx: Context): Promise<void> {
  checkRequestedKserveMode();
  const existing = readState(ctx.l.stateFile);
  if (existing) checkRecordedKserveMode(existing.kserveMode, ctx.l.stateDir);
  const p = new Progress(14);
  if (existing && (await allHealthy(componentSpecs(existing, ctx.l, ctx.cache), existing))) {
    process.stdout.write(`sandbox is already running (${ctx.l.stateDir}, KServe: real)\n`);
    printSummary(ctx, existing);
    return;
  }
  const info = (m: string) => p.info(m);

  p.next('build binaries (cached by version)');
  await ensureBinaries(ctx.cache, info, binaries);

  p.next('PKI (openssl)');
  requireTool('openssl', ['version'], 'install it (apt-get install openssl)');
  mkdirSync(ctx.l.logs, { recursive: true });
  const state = existing ?? (await initialState());
  if (!state.controlPorts) state.controlPorts = await controlPorts(state);
  const ctlPorts = state.controlPorts;
  if (!state.llmisvcPorts) state.llmisvcPorts = await llmisvcPorts(state);
  const llmPorts = state.llmisvcPorts;
  writeState(ctx.l.stateFile, state);
  ensurePki(ctx.l.pki, info);

  await ensurePrometheusPorts(ctx.l.stateDir);
  const storagePorts = await ensureStoragePorts(ctx.l.stateDir);
  // Prometheus is a Go build of its own (a few minutes the first time): alongside the steps below.
  const prometheusBuild = ensurePrometheus({ cacheDir: ctx.cache, log: info });
  prometheusBuild.catch(() => undefined);
  const specs = componentSpecs(state, ctx.l, ctx.cache);
  const spec = (name: ComponentSpec['name']) => {
    const s = specs.find((x) => x.name === name);
    if (!s) throw new Error(`no spec for ${name}`);
    return s;
  };

  p.next(`etcd on 127.0.0.1:${state.ports.etcd}`);
  mkdirSync(ctx.l.etcdData, { recursive: true, mode: 0o700 });
  await ensureRunning(spec('etcd'), state, ctx.l.stateFile, info);

  p.next(`Dex on ${dexIssuer(state.ports.dex)}`);
  const dexRec = state.components.dex;
  if (!dexRec || !isOurs(dexRec)) writeDexConfig(ctx, state);
  await ensureRunning(spec('dex'), state, ctx.l.stateFile, info);

  p.next(`kube-apiserver on https://127.0.0.1:${state.ports.apiserver}`);
  writeApiserverFiles(ctx, state);
  writeControlPlaneFiles(ctx, state);
  await ensureRunning(spec('kube-apiserver'), state, ctx.l.stateFile, info);

  const kube = KubeRest.admin(`https://127.0.0.1:${state.ports.apiserver}`, ctx.l.pki);
  try {
    p.next('KServe CRDs');
    const crds = loadManifests(join(ctx.shared, 'kserve', 'crds'));
    const crdApply = await applyAll(kube, crds, 'CRD');
    if (crdApply.applied > 0) {
      await waitEstablished(
        kube,
        crds.map((c) => c.metadata.name),
      );
      info(`${crds.length} CRDs Established (${crdApply.applied} applied)`);
    } else {
      // Unchanged since an earlier `up` that waited for Established (the condition is stored in etcd).
      info(`${crds.length} CRDs unchanged and Established earlier`);
    }

    // Before the runtimes: KServe's webhooks validate them, as in a real install; and webhooks left
    // registered by an earlier `up` must have their server back before anything they watch is applied.
    p.next('control plane: kube-controller-manager, kube-scheduler, KServe controller manager');
    await ensureRunning(spec('kube-controller-manager'), state, ctx.l.stateFile, info);
    await ensureRunning(spec('kube-scheduler'), state, ctx.l.stateFile, info);
    await sandboxNodeStep(kube, info);
    await applyAll(kube, kserveBaseObjects(), 'KServe install');
    await ensureRunning(spec('kserve-controller'), state, ctx.l.stateFile, info);
    const webhooks = kserveWebhookObjects(kserveWebhookBase(ctlPorts), readFileSync(ctx.l.pki.caCert, 'utf8'));
    await applyAll(kube, webhooks, 'KServe webhook');
    info(`${webhooks.length} KServe webhook configurations -> ${kserveWebhookBase(ctlPorts)}`);

    p.next("KServe's LLMInferenceService controller, Gateway API CRDs, the ingress Gateway");
    await llmisvcStep({
      kube,
      shared: ctx.shared,
      ports: llmPorts,
      gatewayPort: state.ports.gateway,
      caPem: readFileSync(ctx.l.pki.caCert, 'utf8'),
      start: () => ensureRunning(spec('llmisvc-controller'), state, ctx.l.stateFile, info),
      log: info,
    });

    p.next('ClusterServingRuntimes');
    const runtimes = loadManifests(join(ctx.shared, 'kserve', 'runtimes'));
    await applyAll(kube, runtimes, 'runtime');
    info(`${runtimes.length} ClusterServingRuntimes: ${runtimes.map((r) => r.metadata.name).join(', ')}`);

    p.next('namespaces and RBAC');
    await applyAll(kube, clusterRoles(), 'RBAC');
    for (const grant of namespaces) {
      await applyAll(kube, profileObjects(grant), 'profile');
      info(`${grant.namespace}: owners ${grant.owners.join(', ')}; viewers ${grant.viewers.join(', ') || '-'}`);
    }
    await verifyUserAccess(ctx, state, info);
  } finally {
    await kube.close();
  }

  p.next('Python environments and model mirror');
  // The storage venv builds alongside the model servers' two (mostly downloads and unpacking).
  const modelServers = async () => {
    const envs = await ensurePythonEnvs({ cacheDir: ctx.cache, log: info });
    await ensureModelMirror({ cacheDir: ctx.cache, envs, log: info });
  };
  await Promise.all([
    modelServers(),
    ensureStorageEnv({ cacheDir: ctx.cache, log: info }),
    // KServe's OpenAI server, which plays vLLM for LLMInferenceServices (src/llmisvc)
    ensureLlmEnv({ cacheDir: ctx.cache, log: info }),
  ]);

  p.next('storage: GCS emulator (gs://), S3 server (s3://), models volume (pvc://)');
  const storageKube = KubeRest.admin(`https://127.0.0.1:${state.ports.apiserver}`, ctx.l.pki);
  try {
    await startStorage({
      stateDir: ctx.l.stateDir,
      cache: ctx.cache,
      ports: storagePorts,
      run: (s) => ensureRunning(spec(s.name), state, ctx.l.stateFile, info),
      log: info,
      namespaces: namespaces.map((g) => g.namespace),
      kube: storageKube,
    });
  } finally {
    await storageKube.close();
  }
  // the played LLM (a character n-gram table), after the storage step rewrote the models volume
  info(
    `tiny LLM written to ${await writeTinyModel(modelsVolumeDir(ctx.l.stateDir))} (pvc://kserve-models/llm/tiny-ngram)`,
  );

  p.next('kubelet and gateway (src/controller/main.ts)');
  await ensureRunning(spec('controller'), state, ctx.l.stateFile, info);

  p.next('Prometheus (Kubernetes service discovery, scrapes every 5 s)');
  await prometheusBuild;
  await ensureRunning(spec('prometheus'), state, ctx.l.stateFile, info);

  process.stdout.write(`\nsandbox is up (${p.elapsed()}; KServe: real)\n`);
  printSummary(ctx, state);
}
