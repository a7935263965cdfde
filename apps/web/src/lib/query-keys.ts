/** Hierarchical query keys, shared by every feature so one invalidation reaches all views of a resource. */
export const keys = {
  me: ['me'] as const,
  namespaces: ['namespaces'] as const,
  isvcs: ['isvcs'] as const,
  isvcList: (ns: string) => ['isvcs', 'list', ns] as const,
  isvcPodCounts: (ns: string) => ['isvcs', 'pod-counts', ns] as const,
  isvc: (ns: string, name: string) => ['isvcs', 'detail', ns, name] as const,
  isvcResources: (ns: string, name: string) => ['isvcs', 'detail', ns, name, 'resources'] as const,
  isvcEvents: (ns: string, name: string) => ['isvcs', 'detail', ns, name, 'events'] as const,
  isvcSchema: ['schema', 'inferenceservice'] as const,
  runtimes: (ns: string) => ['runtimes', ns] as const,
  clusterRuntimes: ['cluster-runtimes'] as const,
};
