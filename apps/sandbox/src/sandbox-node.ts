import { nodeManifest, nodeName } from './controller/names';
import { SandboxError } from './errors';
import type { KubeRest } from './kube';

/**
 * Room for several runtimes at KServe's default requests (1 CPU / 2 Gi each, plus 100m / 100Mi for the
 * storage initializer): the scheduler places pods by these numbers, not by the machine's 2 cores.
 */
export const nodeCapacity = { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' } as const;

/**
 * Registers the one Node (`real` mode) if the kubelet has not yet, so the scheduler can bind pods from the
 * start; the kubelet then owns its status (addresses, heartbeats, capacity). Leaves an existing Node alone.
 */
export async function ensureSandboxNode(kube: KubeRest): Promise<'created' | 'exists'> {
  const path = `/api/v1/nodes/${nodeName}`;
  const got = await kube.call('GET', path);
  if (got.status === 200) return 'exists';
  const created = await kube.call('POST', '/api/v1/nodes', nodeManifest());
  if (created.status !== 201 && created.status !== 409) {
    throw new SandboxError(`creating Node ${nodeName} failed (${created.status}): ${JSON.stringify(created.body)}`);
  }
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const status = await kube.call(
    'PATCH',
    `${path}/status`,
    {
      status: {
        capacity: nodeCapacity,
        allocatable: nodeCapacity,
        addresses: [
          { type: 'InternalIP', address: '127.0.0.1' },
          { type: 'Hostname', address: nodeName },
        ],
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'registered by sandbox up',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
      },
    },
    'application/merge-patch+json',
  );
  if (status.status !== 200) {
    throw new SandboxError(`writing Node ${nodeName} status failed (${status.status}): ${JSON.stringify(status.body)}`);
  }
  return 'created';
}

export async function sandboxNodeStep(kube: KubeRest, log: (m: string) => void): Promise<void> {
  const r = await ensureSandboxNode(kube);
  log(
    r === 'created'
      ? `Node ${nodeName} registered (${nodeCapacity.cpu} CPU, ${nodeCapacity.memory}, ${nodeCapacity.pods} pods)`
      : `Node ${nodeName} exists`,
  );
}
