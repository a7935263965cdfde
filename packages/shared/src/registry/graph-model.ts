import { z } from 'zod';
import { conditionSchema, objectMetaSchema } from '../k8s-objects';

/** KServe's router types (InferenceGraph `spec.nodes.*.routerType`). */
export const ROUTER_TYPES = ['Sequence', 'Switch', 'Ensemble', 'Splitter'] as const;
export type RouterType = (typeof ROUTER_TYPES)[number];

const str = z.string().optional();

export const graphStepSchema = z.looseObject({
  name: str,
  serviceName: str,
  nodeName: str,
  serviceUrl: str,
  data: str,
  weight: z.number().optional(),
  condition: str,
  dependency: str,
});
export type GraphStep = z.infer<typeof graphStepSchema>;

export const graphNodeSchema = z.looseObject({
  routerType: z.string().default('Sequence'),
  steps: z.array(graphStepSchema).default([]),
});

/** Loose view of an InferenceGraph (serving.kserve.io/v1alpha1): reading safe, unknown fields kept. */
export const inferenceGraphSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      nodes: z.record(z.string(), graphNodeSchema).default({}),
      minReplicas: z.number().optional(),
      maxReplicas: z.number().optional(),
      timeout: z.number().optional(),
    })
    .default({ nodes: {} }),
  status: z
    .looseObject({
      url: str,
      conditions: z.array(conditionSchema).optional(),
      deploymentMode: str,
      observedGeneration: z.number().optional(),
    })
    .optional(),
});
export type InferenceGraph = z.infer<typeof inferenceGraphSchema>;

/** What one step calls: an InferenceService, another node of the graph, or a URL. */
export type StepTarget =
  | { type: 'service'; name: string }
  | { type: 'node'; name: string }
  | { type: 'url'; url: string }
  | { type: 'none' };

export function stepTarget(step: GraphStep): StepTarget {
  if (step.serviceName) return { type: 'service', name: step.serviceName };
  if (step.nodeName) return { type: 'node', name: step.nodeName };
  if (step.serviceUrl) return { type: 'url', url: step.serviceUrl };
  return { type: 'none' };
}

/** The InferenceServices a graph calls (each once, in the order they first appear). */
export function graphServiceNames(g: InferenceGraph): string[] {
  const seen = new Set<string>();
  for (const node of Object.values(g.spec.nodes)) {
    for (const s of node.steps) {
      const t = stepTarget(s);
      if (t.type === 'service') seen.add(t.name);
    }
  }
  return [...seen];
}
