import { z } from 'zod';

/**
 * Loose views of the Kubernetes objects the console reads. Every field is optional and unknown fields
 * are kept: the apiserver is the authority on shape, these schemas only make reading safe.
 */
const str = z.string().optional();
const strMap = z.record(z.string(), z.string()).optional();

export const objectMetaSchema = z.looseObject({
  name: z.string().default(''),
  namespace: str,
  uid: str,
  resourceVersion: str,
  creationTimestamp: str,
  labels: strMap,
  annotations: strMap,
  ownerReferences: z.array(z.looseObject({ kind: z.string(), name: z.string(), uid: str })).optional(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

export const conditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: str,
  message: str,
  lastTransitionTime: str,
  severity: str,
});
export type Condition = z.infer<typeof conditionSchema>;

const modelFormatSchema = z.looseObject({ name: z.string(), version: str });

/** A predictor framework block or `model` block (both carry these fields). */
export const modelSpecSchema = z.looseObject({
  modelFormat: modelFormatSchema.optional(),
  runtime: str,
  protocolVersion: str,
  storageUri: str,
  image: str,
  resources: z
    .looseObject({
      requests: z.record(z.string(), z.unknown()).optional(),
      limits: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

export const componentSpecSchema = z.looseObject({
  minReplicas: z.number().optional(),
  maxReplicas: z.number().optional(),
  canaryTrafficPercent: z.number().optional(),
  model: modelSpecSchema.optional(),
  containers: z.array(z.looseObject({ name: str, image: str, args: z.array(z.string()).optional() })).optional(),
});
export type ComponentSpec = z.infer<typeof componentSpecSchema>;

export const modelStatusSchema = z.looseObject({
  transitionStatus: str,
  states: z.looseObject({ activeModelState: str, targetModelState: str }).optional(),
  lastFailureInfo: z
    .looseObject({
      reason: str,
      message: str,
      location: str,
      modelRevisionName: str,
      time: str,
      exitCode: z.number().optional(),
    })
    .optional(),
  copies: z.looseObject({ failedCopies: z.number().optional(), totalCopies: z.number().optional() }).optional(),
});
export type ModelStatus = z.infer<typeof modelStatusSchema>;

export const inferenceServiceSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      predictor: componentSpecSchema.optional(),
      transformer: componentSpecSchema.optional(),
      explainer: componentSpecSchema.optional(),
    })
    .default({}),
  status: z
    .looseObject({
      url: str,
      address: z.looseObject({ url: str }).optional(),
      conditions: z.array(conditionSchema).optional(),
      modelStatus: modelStatusSchema.optional(),
      deploymentMode: str,
      components: z
        .record(z.string(), z.looseObject({ url: str, latestReadyRevision: str, latestCreatedRevision: str }))
        .optional(),
      observedGeneration: z.number().optional(),
    })
    .optional(),
});
export type InferenceService = z.infer<typeof inferenceServiceSchema>;

const containerStateSchema = z.looseObject({
  waiting: z.looseObject({ reason: str, message: str }).optional(),
  running: z.looseObject({ startedAt: str }).optional(),
  terminated: z.looseObject({ reason: str, message: str, exitCode: z.number().optional(), finishedAt: str }).optional(),
});
export const containerStatusSchema = z.looseObject({
  name: z.string(),
  ready: z.boolean().default(false),
  restartCount: z.number().default(0),
  state: containerStateSchema.optional(),
  lastState: containerStateSchema.optional(),
});
export type ContainerStatus = z.infer<typeof containerStatusSchema>;

export const podSchema = z.looseObject({
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      containers: z.array(z.looseObject({ name: z.string() })).default([]),
      initContainers: z.array(z.looseObject({ name: z.string() })).optional(),
      nodeName: str,
    })
    .default({ containers: [] }),
  status: z
    .looseObject({
      phase: str,
      reason: str,
      message: str,
      podIP: str,
      startTime: str,
      conditions: z.array(conditionSchema).optional(),
      containerStatuses: z.array(containerStatusSchema).optional(),
      initContainerStatuses: z.array(containerStatusSchema).optional(),
    })
    .optional(),
});
export type Pod = z.infer<typeof podSchema>;

export const serviceSchema = z.looseObject({
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      type: str,
      clusterIP: str,
      externalName: str,
      ports: z
        .array(
          z.looseObject({
            name: str,
            port: z.number(),
            protocol: str,
            targetPort: z.union([z.number(), z.string()]).optional(),
            nodePort: z.number().optional(),
          }),
        )
        .optional(),
    })
    .default({}),
  status: z
    .looseObject({
      loadBalancer: z
        .looseObject({ ingress: z.array(z.looseObject({ ip: str, hostname: str })).optional() })
        .optional(),
    })
    .optional(),
});
export type Service = z.infer<typeof serviceSchema>;

export const deploymentSchema = z.looseObject({
  kind: str,
  metadata: objectMetaSchema,
  spec: z.looseObject({ replicas: z.number().optional() }).default({}),
  status: z
    .looseObject({
      replicas: z.number().optional(),
      readyReplicas: z.number().optional(),
      availableReplicas: z.number().optional(),
    })
    .optional(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const eventSchema = z.looseObject({
  kind: str,
  metadata: objectMetaSchema,
  type: str,
  reason: str,
  message: str,
  count: z.number().optional(),
  firstTimestamp: z.string().nullish(),
  lastTimestamp: z.string().nullish(),
  eventTime: z.string().nullish(),
  involvedObject: z.looseObject({ kind: str, name: str, namespace: str, uid: str }).default({}),
  source: z.looseObject({ component: str }).optional(),
});
export type K8sEvent = z.infer<typeof eventSchema>;

const runtimeSpecSchema = z.looseObject({
  supportedModelFormats: z
    .array(
      z.looseObject({
        name: z.string(),
        version: str,
        autoSelect: z.boolean().optional(),
        priority: z.number().optional(),
      }),
    )
    .default([]),
  protocolVersions: z.array(z.string()).default([]),
  disabled: z.boolean().optional(),
  multiModel: z.boolean().optional(),
  containers: z.array(z.looseObject({ name: str, image: str })).default([]),
});
export const servingRuntimeSchema = z.looseObject({
  kind: str,
  metadata: objectMetaSchema,
  spec: runtimeSpecSchema.default({ supportedModelFormats: [], protocolVersions: [], containers: [] }),
});
export type ServingRuntime = z.infer<typeof servingRuntimeSchema>;

/** Parse a list of raw objects, dropping (not throwing on) the ones that do not fit. */
export function parseEach<T>(schema: z.ZodType<T>, items: readonly unknown[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
  }
  return out;
}

/** `namespace/name`: the identity used to fold watch events into lists. */
export function objectKey(obj: { metadata?: { namespace?: string | undefined; name?: string | undefined } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
