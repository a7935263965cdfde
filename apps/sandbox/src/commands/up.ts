import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { type ComponentSpec, componentSpecs, controllerPresent } from '../components';
import { renderAuthenticationConfig } from '../config/authentication';
import { dexIssuer, renderDexConfig } from '../config/dex';
import { renderKubeconfig } from '../config/kubeconfig';
import type { Context } from '../context';
import { ensureBinaries, requireTool } from '../gobuild';
import { applyAll, loadManifests, waitEstablished } from '../kserve';
import { KubeClient } from '../kube';
import { ensureRunning } from '../lifecycle';
import { ensurePki } from '../pki';
import { allocatePorts } from '../ports';
import { isOurs } from '../processes';
import { Progress } from '../progress';
import { clusterRoles, profileObjects } from '../rbac';
import { runRuntimeHooks } from '../runtime-hooks';
import { readState, type SandboxState, writeState } from '../state';
import { namespaces, users } from '../users';
import { verifyUserAccess } from '../verify';
import { clientId, redirectPorts } from '../versions';
import { printSummary } from './summary';

const totalSteps = 10;

async function initialState(): Promise<SandboxState> {
  const ports = await allocatePorts(
    ['etcd', 'etcdPeer', 'dex', 'apiserver', 'gateway', 'kubelet'] as const,
    redirectPorts,
  );
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    ports,
    clientSecret: randomBytes(24).toString('base64url'),
    components: {},
  };
}

async function allHealthy(specs: ComponentSpec[], state: SandboxState): Promise<boolean> {
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

export async function up(ctx: Context): Promise<void> {
  const p = new Progress(totalSteps);
  const existing = readState(ctx.l.stateFile);
  if (existing && (await allHealthy(componentSpecs(existing, ctx.l, ctx.cache), existing))) {
    process.stdout.write(`sandbox is already running (${ctx.l.stateDir})\n`);
    printSummary(ctx, existing);
    return;
  }
  const info = (m: string) => p.info(m);

  p.next('build binaries (cached by version)');
  await ensureBinaries(ctx.cache, info);

  p.next('PKI (openssl)');
  requireTool('openssl', ['version'], 'install it (apt-get install openssl)');
  mkdirSync(ctx.l.logs, { recursive: true });
  const state = existing ?? (await initialState());
  writeState(ctx.l.stateFile, state);
  ensurePki(ctx.l.pki, info);

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
  await ensureRunning(spec('kube-apiserver'), state, ctx.l.stateFile, info);

  const kube = KubeClient.admin(`https://127.0.0.1:${state.ports.apiserver}`, ctx.l.pki);
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
  await runRuntimeHooks(ctx.cache, info);

  p.next('controller and gateway');
  if (controllerPresent()) {
    await ensureRunning(spec('controller'), state, ctx.l.stateFile, info);
  } else {
    info('skipped: src/controller/main.ts does not exist yet');
  }

  process.stdout.write(`\nsandbox is up (${p.elapsed()})\n`);
  printSummary(ctx, state);
}
