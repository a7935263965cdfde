/**
 * The `sandbox-node` Node object as a kubelet registers and reports it (addresses, the kubelet API endpoint,
 * capacity for several runtimes' requests, the Ready condition, a Lease in kube-node-lease renewed every 10 s
 * and the status every minute) and the kubelet's serving cert.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeManifest, nodeName } from './names';
import type { TypedKube } from './typed-kube';

export function ensureKubeletCert(pkiDir: string): { cert: string; key: string; ca: string } {
  const crt = join(pkiDir, 'kubelet.crt');
  const key = join(pkiDir, 'kubelet.key');
  if (!existsSync(crt) || !existsSync(key)) {
    const ext = join(pkiDir, 'kubelet.ext');
    writeFileSync(
      ext,
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
        `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${nodeName}\n`,
    );
    const run = (args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: pkiDir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr || r.error?.message}`);
    };
    run(['genrsa', '-out', 'kubelet.key', '2048']);
    run([
      'req',
      '-new',
      '-key',
      'kubelet.key',
      '-subj',
      `/CN=system:node:${nodeName}/O=system:nodes`,
      '-out',
      'kubelet.csr',
    ]);
    run(
      [
        'x509',
        '-req',
        '-in',
        'kubelet.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '3650',
      ].concat(['-sha256', '-extfile', 'kubelet.ext', '-out', 'kubelet.crt']),
    );
  }
  return {
    cert: readFileSync(crt, 'utf8'),
    key: readFileSync(key, 'utf8'),
    ca: readFileSync(join(pkiDir, 'ca.crt'), 'utf8'),
  };
}

export async function ensureNode(client: TypedKube, kubeletPort: number): Promise<void> {
  const path = `/api/v1/nodes/${nodeName}`;
  const existing = await client.get(path);
  if (!existing.ok) {
    const r = await client.create('/api/v1/nodes', { ...nodeManifest(), spec: {} });
    if (!r.ok && r.status !== 409) throw new Error(`create node ${nodeName}: ${r.message}`);
  }
  await postNodeStatus(client, kubeletPort);
}

/**
 * What the node offers the scheduler: the runtimes ask 1 CPU / 2 Gi each, so the 2-core machine is reported as
 * a 16-CPU, 64 Gi node (the processes share the real cores; nothing enforces limits).
 */
export const nodeCapacity = { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' };

export async function postNodeStatus(client: TypedKube, kubeletPort: number, since?: string): Promise<void> {
  const path = `/api/v1/nodes/${nodeName}`;
  const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const capacity = nodeCapacity;
  const r = await client.mergePatch(`${path}/status`, {
    status: {
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: nodeName },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
      capacity,
      allocatable: capacity,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: t,
          lastTransitionTime: since ?? t,
        },
      ],
      nodeInfo: {
        machineID: 'sandbox',
        systemUUID: 'sandbox',
        bootID: 'sandbox',
        kernelVersion: '',
        osImage: 'ServeDeck sandbox',
        containerRuntimeVersion: 'sandbox://processes',
        kubeletVersion: 'v1.36.3',
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  });
  if (!r.ok) throw new Error(`node ${nodeName} status: ${r.message}`);
}

function microTime(d = new Date()): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

/** Renews the node's Lease every 10 s and its status every 60 s, as the kubelet does, until `signal` aborts. */
export function startNodeHeartbeat(
  client: TypedKube,
  kubeletPort: number,
  log: (msg: string) => void,
  signal: AbortSignal,
): void {
  const since = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${nodeName}`;
  const renew = async () => {
    const spec = { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: microTime() };
    const r = await client.mergePatch(leasePath, { spec });
    if (r.ok) return;
    if (r.status !== 404) return log(`node lease: ${r.message}`);
    const node = await client.get<{ metadata?: { uid?: string } }>(`/api/v1/nodes/${nodeName}`);
    const c = await client.create('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: nodeName,
        namespace: 'kube-node-lease',
        ...(node.ok && node.body.metadata?.uid
          ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.body.metadata.uid }] }
          : {}),
      },
      spec,
    });
    if (!c.ok && c.status !== 409) log(`node lease: ${c.message}`);
  };
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    void renew().catch(() => {});
    if (ticks % 6 === 0)
      void postNodeStatus(client, kubeletPort, since).catch((e: unknown) => log(`node status: ${String(e)}`));
  }, 10_000);
  void renew().catch(() => {});
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
