/** The `sandbox-node` Node object (so the apiserver can reach the kubelet API) and the kubelet's serving cert. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeClient } from './kube-client';
import { nodeName } from './names';

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

export async function ensureNode(client: KubeClient, kubeletPort: number): Promise<void> {
  const path = `/api/v1/nodes/${nodeName}`;
  const existing = await client.get(path);
  if (!existing.ok) {
    const r = await client.create('/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: nodeName,
        labels: {
          'kubernetes.io/hostname': nodeName,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'node-role.kubernetes.io/sandbox': '',
        },
      },
      spec: {},
    });
    if (!r.ok && r.status !== 409) throw new Error(`create node ${nodeName}: ${r.message}`);
  }
  const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const capacity = { cpu: '2', memory: '24Gi', pods: '110', 'ephemeral-storage': '100Gi' };
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
          lastTransitionTime: t,
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
