/** The sandbox's one Node: its name (every pod the scheduler binds here) and its manifest. */
export const nodeName = 'sandbox-node';

/** The sandbox's one Node as first registered (by `up`, or by the kubelet, whichever comes first). */
export function nodeManifest(): {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: { name: string; labels: Record<string, string> };
} {
  return {
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
  };
}
