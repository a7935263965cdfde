import { INFERENCE_GRAPH } from '@servedeck/shared';
import { useKindListWatch, useKindWatch } from '@/lib/kind-watch';
import type { StreamStatus } from '@/lib/watch';
import { graphKeys } from '../api/graphs';

/** Live list: the namespace's graph watch stream folded into the list query's cache entry. */
export const useGraphListWatch = (ns: string, enabled: boolean): StreamStatus =>
  useKindListWatch(INFERENCE_GRAPH, graphKeys, ns, enabled);

/** Live details: the graph's own stream (the graph object; its pods etc. are not shown here) into its query. */
export const useGraphWatch = (ns: string, name: string): StreamStatus =>
  useKindWatch(INFERENCE_GRAPH, graphKeys, ns, name);
