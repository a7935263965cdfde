/**
 * The slices of KServe's InferenceService / ServingRuntime objects the controller reads, with zod schemas
 * for what crosses the apiserver boundary. Unknown fields pass through untouched. What the console reads
 * the same way (the status, the legacy framework names) comes from @servedeck/shared; the spec schemas
 * here are the controller's own (stricter: a model must name its format, runtimes need containers).
 */
import { inferenceServiceSchema as consoleIsvcSchema } from '@servedeck/shared';
import { z } from 'zod';

export const protocolVersions = ['v1', 'v2', 'grpc-v1', 'grpc-v2'] as const;
export type ProtocolVersion = (typeof protocolVersions)[number];

const metadataSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  generation: z.number().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
});

export const supportedModelFormatSchema = z.looseObject({
  name: z.string(),
  version: z.string().optional(),
  autoSelect: z.boolean().optional(),
  priority: z.number().int().optional(),
});

/** A container as written in specs: only what the controller touches is typed. */
export const containerSchema = z.looseObject({
  name: z.string().optional(),
  image: z.string().optional(),
  args: z.array(z.string()).optional(),
  command: z.array(z.string()).optional(),
  env: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional(),
  ports: z.array(z.looseObject({ containerPort: z.number(), name: z.string().optional() })).optional(),
});
export type ContainerSpec = z.infer<typeof containerSchema>;

export const servingRuntimeSpecSchema = z.looseObject({
  supportedModelFormats: z.array(supportedModelFormatSchema).optional(),
  protocolVersions: z.array(z.string()).optional(),
  multiModel: z.boolean().optional(),
  disabled: z.boolean().optional(),
  containers: z.array(containerSchema).default([]),
  workerSpec: z.unknown().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});
export type ServingRuntimeSpec = z.infer<typeof servingRuntimeSpecSchema>;

export const servingRuntimeSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: metadataSchema,
  spec: servingRuntimeSpecSchema,
});
export type ServingRuntimeObject = z.infer<typeof servingRuntimeSchema>;

/** The runtime chosen for a model, with where it came from (status.servingRuntimeName vs clusterServingRuntimeName). */
export type RuntimeRef = { name: string; scope: 'namespace' | 'cluster'; spec: ServingRuntimeSpec };

export const modelSpecSchema = z.looseObject({
  modelFormat: z.looseObject({ name: z.string(), version: z.string().optional() }),
  runtime: z.string().optional(),
  protocolVersion: z.string().optional(),
  storageUri: z.string().optional(),
  runtimeVersion: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional(),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

/** predictor / transformer / explainer: extension fields plus either a model, a framework or containers. */
export const componentSpecSchema = z.looseObject({
  minReplicas: z.number().int().optional(),
  maxReplicas: z.number().int().optional(),
  model: modelSpecSchema.optional(),
  containers: z.array(containerSchema).optional(),
});
export type ComponentSpec = z.infer<typeof componentSpecSchema>;

/** `status` of an InferenceService as read from the apiserver (shared with the console). */
const observedStatusSchema = consoleIsvcSchema.shape.status;

export const inferenceServiceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: metadataSchema,
  spec: z.looseObject({
    predictor: componentSpecSchema,
    transformer: componentSpecSchema.optional(),
    explainer: componentSpecSchema.optional(),
  }),
  /** The status as last written (read as the console reads it: every field optional, unknown ones kept). */
  status: observedStatusSchema,
});
export type InferenceService = z.infer<typeof inferenceServiceSchema>;
export type ObservedStatus = NonNullable<InferenceService['status']>;

export type ComponentType = 'predictor' | 'transformer' | 'explainer';
