/**
 * The address the kubelet reports as every pod's `status.podIP`. Not 127.0.0.1: the apiserver refuses loopback
 * addresses in EndpointSlices and Endpoints ("may not be in the loopback range"), so kube-controller-manager could
 * not publish a ready pod. The machine's own first non-loopback IPv4 address instead: every pod shares it (as
 * hostNetwork pods share the node's), a connection to it never leaves the machine, and nothing listens there
 * (model servers bind 127.0.0.1 only). Reach a pod's container port through the kubelet's port map, never podIP.
 */
import { networkInterfaces } from 'node:os';

type Iface = { address: string; family: string | number; internal: boolean };

export function podAddress(ifaces: Record<string, Iface[] | undefined> = networkInterfaces()): string {
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      const v4 = a.family === 'IPv4' || a.family === 4;
      if (v4 && !a.internal && !a.address.startsWith('169.254.') && !a.address.startsWith('127.')) return a.address;
    }
  }
  // No non-loopback interface: no route leaves the machine either; any valid non-loopback address will do.
  return '10.244.0.1';
}
