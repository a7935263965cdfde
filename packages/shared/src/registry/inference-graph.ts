import { isProblemCondition } from '../isvc-status';
import { type InferenceGraph, inferenceGraphSchema } from './graph-model';
import { metaOf, type ResourceKind, type RowSummary, type StatusRollup } from './resource-kind';

/** Ready from the Ready condition; a False one with a reason is NotReady, none yet is Loading. */
export function graphStatus(g: InferenceGraph): StatusRollup {
  const conds = g.status?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  const text = (c: { reason?: string | undefined; message?: string | undefined } | undefined) => ({
    ...(c?.reason ? { reason: c.reason } : {}),
    ...(c?.message ? { message: c.message } : {}),
  });
  if (ready?.status === 'True') return { phase: 'Ready' };
  const problem = conds.find((c) => c.type !== 'Ready' && isProblemCondition(c));
  if (ready?.status === 'False') return { phase: 'NotReady', ...text(problem?.message ? problem : ready) };
  return { phase: 'Loading', ...text(problem) };
}

/** InferenceGraph (serving.kserve.io/v1alpha1): a router in front of InferenceServices. */
export const INFERENCE_GRAPH: ResourceKind = {
  kind: 'InferenceGraph',
  group: 'serving.kserve.io',
  version: 'v1alpha1',
  plural: 'inferencegraphs',
  watchKey: 'igraphs',
  namespaced: true,
  summarize(obj: unknown): RowSummary {
    const parsed = inferenceGraphSchema.safeParse(obj);
    const m = metaOf(obj);
    const ns = m.namespace ?? '';
    const base = { key: `${ns}/${m.name}`, name: m.name, namespace: ns, createdAt: m.creationTimestamp };
    if (!parsed.success)
      return { ...base, status: { phase: 'Loading' }, url: undefined, labels: m.labels ?? {}, columns: {} };
    const g = parsed.data;
    const nodes = Object.values(g.spec.nodes);
    return {
      ...base,
      status: graphStatus(g),
      url: g.status?.url,
      labels: m.labels ?? {},
      columns: {
        rootRouter: g.spec.nodes.root?.routerType,
        nodes: nodes.length,
        steps: nodes.reduce((n, node) => n + node.steps.length, 0),
      },
    };
  },
  status(obj: unknown): StatusRollup {
    const parsed = inferenceGraphSchema.safeParse(obj);
    return parsed.success ? graphStatus(parsed.data) : { phase: 'Loading' };
  },
  owned: { label: 'serving.kserve.io/inferencegraph', kinds: ['pods', 'services', 'deployments'] },
  console: ['graph'],
};
