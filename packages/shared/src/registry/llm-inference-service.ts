import { z } from 'zod';
import { conditionSchema, objectMetaSchema } from '../k8s-objects';
import { conditionRollup, conditionsOf } from './condition-rollup';
import { metaOf, type ResourceKind, type RowSummary } from './resource-kind';

const str = z.string().optional();
const num = z.number().optional();
const workloadRef = z.looseObject({ apiGroup: str, kind: str, name: str, readyReplicas: num }).optional();

/** Loose view of an LLMInferenceService (serving.kserve.io/v1alpha2): reading safe, unknown fields kept. */
export const llmInferenceServiceSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      model: z.looseObject({ uri: str, name: str }).optional(),
      replicas: num,
      parallelism: z
        .looseObject({ tensor: num, pipeline: num, data: num, dataLocal: num, expert: z.boolean().optional() })
        .optional(),
      baseRefs: z.array(z.looseObject({ name: str })).optional(),
      router: z
        .looseObject({
          route: z.unknown().optional(),
          gateway: z.unknown().optional(),
          ingress: z.unknown().optional(),
          scheduler: z.unknown().optional(),
        })
        .optional(),
      prefill: z.looseObject({ replicas: num }).optional(),
      worker: z.unknown().optional(),
    })
    .default({}),
  status: z
    .looseObject({
      url: str,
      address: z.looseObject({ url: str, name: str }).optional(),
      addresses: z.array(z.looseObject({ url: str, name: str })).optional(),
      conditions: z.array(conditionSchema).optional(),
      workloads: z
        .looseObject({ primary: workloadRef, prefill: workloadRef, scheduler: workloadRef, service: workloadRef })
        .optional(),
      appliedConfigs: z.array(z.unknown()).optional(),
    })
    .optional(),
});
export type LLMInferenceService = z.infer<typeof llmInferenceServiceSchema>;

/** The label KServe's llmisvc controller puts on what it creates (value: the service's name). */
export const LLM_OWNED_LABEL = 'app.kubernetes.io/name';

/** Every URL of the service: status.url, then the addresses (deduplicated). */
export function llmUrls(s: LLMInferenceService): string[] {
  const all = [s.status?.url, s.status?.address?.url, ...(s.status?.addresses ?? []).map((a) => a.url)];
  return [...new Set(all.filter((u): u is string => typeof u === 'string' && u !== ''))];
}

/** `tensor×pipeline` style text of the parallelism, or undefined. */
export function parallelismText(s: LLMInferenceService): string | undefined {
  const p = s.spec.parallelism;
  if (!p) return undefined;
  const parts = [
    p.tensor !== undefined ? `tp=${p.tensor}` : '',
    p.pipeline !== undefined ? `pp=${p.pipeline}` : '',
    p.data !== undefined ? `dp=${p.data}` : '',
    p.dataLocal !== undefined ? `dpl=${p.dataLocal}` : '',
    p.expert ? 'ep' : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** LLMInferenceService (serving.kserve.io/v1alpha2): KServe's generative-AI resource, OpenAI-compatible. */
export const LLM_INFERENCE_SERVICE: ResourceKind = {
  kind: 'LLMInferenceService',
  group: 'serving.kserve.io',
  version: 'v1alpha2',
  plural: 'llminferenceservices',
  watchKey: 'llmisvcs',
  namespaced: true,
  summarize(obj: unknown): RowSummary {
    const m = metaOf(obj);
    const ns = m.namespace ?? '';
    const parsed = llmInferenceServiceSchema.safeParse(obj);
    const s = parsed.success ? parsed.data : undefined;
    return {
      key: `${ns}/${m.name}`,
      name: m.name,
      namespace: ns,
      status: conditionRollup(conditionsOf(obj)),
      url: s ? llmUrls(s)[0] : undefined,
      createdAt: m.creationTimestamp,
      labels: m.labels ?? {},
      columns: {
        model: s?.spec.model?.name ?? s?.spec.model?.uri,
        modelUri: s?.spec.model?.uri,
        replicas: s?.spec.replicas,
        parallelism: s ? parallelismText(s) : undefined,
        scheduler: s?.spec.router?.scheduler !== undefined ? 'yes' : undefined,
      },
    };
  },
  status: (obj: unknown) => conditionRollup(conditionsOf(obj)),
  owned: { label: LLM_OWNED_LABEL, kinds: ['pods', 'services', 'deployments'] },
  console: ['openai'],
};

/** LLMInferenceServiceConfig (serving.kserve.io/v1alpha2): presets an LLMInferenceService's baseRefs name. */
export const LLM_INFERENCE_SERVICE_CONFIG: ResourceKind = {
  kind: 'LLMInferenceServiceConfig',
  group: 'serving.kserve.io',
  version: 'v1alpha2',
  plural: 'llminferenceserviceconfigs',
  watchKey: 'llmisvcconfigs',
  namespaced: true,
  summarize(obj: unknown): RowSummary {
    const m = metaOf(obj);
    const ns = m.namespace ?? '';
    const parsed = llmInferenceServiceSchema.safeParse(obj);
    const s = parsed.success ? parsed.data : undefined;
    return {
      key: `${ns}/${m.name}`,
      name: m.name,
      namespace: ns,
      // A config has no status of its own: it is ready to be referenced once it exists.
      status: { phase: 'Ready' },
      url: undefined,
      createdAt: m.creationTimestamp,
      labels: m.labels ?? {},
      columns: {
        modelUri: s?.spec.model?.uri,
        replicas: s?.spec.replicas,
        parallelism: s ? parallelismText(s) : undefined,
      },
    };
  },
  status: () => ({ phase: 'Ready' }),
  owned: undefined,
  console: [],
};
