import { z } from 'zod';
import { conditionSchema, objectMetaSchema } from '../k8s-objects';
import { conditionRollup, conditionsOf } from './condition-rollup';
import { metaOf, type ResourceKind, type RowSummary } from './resource-kind';

const str = z.string().optional();

/** Loose view of a TrainedModel (serving.kserve.io/v1alpha1): one model loaded into a multi-model InferenceService. */
export const trainedModelSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      inferenceService: z.string().default(''),
      model: z.looseObject({ storageUri: str, framework: str, memory: z.unknown().optional() }).default({}),
    })
    .default({ inferenceService: '', model: {} }),
  status: z
    .looseObject({
      url: str,
      address: z.looseObject({ url: str }).optional(),
      conditions: z.array(conditionSchema).optional(),
    })
    .optional(),
});
export type TrainedModel = z.infer<typeof trainedModelSchema>;

/** TrainedModels whose parent (spec.inferenceService) is `isvc`, by name. */
export function trainedModelsOf(items: readonly unknown[], isvc: string): TrainedModel[] {
  return items
    .flatMap((o) => {
      const r = trainedModelSchema.safeParse(o);
      return r.success && r.data.spec.inferenceService === isvc ? [r.data] : [];
    })
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

function memoryText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** TrainedModel (serving.kserve.io/v1alpha1): shown under its parent InferenceService; console through the parent. */
export const TRAINED_MODEL: ResourceKind = {
  kind: 'TrainedModel',
  group: 'serving.kserve.io',
  version: 'v1alpha1',
  plural: 'trainedmodels',
  watchKey: 'tms',
  namespaced: true,
  summarize(obj: unknown): RowSummary {
    const m = metaOf(obj);
    const ns = m.namespace ?? '';
    const parsed = trainedModelSchema.safeParse(obj);
    const tm = parsed.success ? parsed.data : undefined;
    return {
      key: `${ns}/${m.name}`,
      name: m.name,
      namespace: ns,
      status: conditionRollup(conditionsOf(obj)),
      url: tm?.status?.url,
      createdAt: m.creationTimestamp,
      labels: m.labels ?? {},
      columns: {
        inferenceService: tm?.spec.inferenceService,
        framework: tm?.spec.model.framework,
        storageUri: tm?.spec.model.storageUri,
        memory: memoryText(tm?.spec.model.memory),
      },
    };
  },
  status: (obj: unknown) => conditionRollup(conditionsOf(obj)),
  owned: undefined,
  console: ['kserve-v1', 'kserve-v2'],
};
