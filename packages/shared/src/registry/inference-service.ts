import { deriveIsvcStatus, summarizeIsvc } from '../isvc-status';
import { inferenceServiceSchema } from '../k8s-objects';
import { INFERENCE_SERVICE_NAMES } from './inference-service-names';
import { metaOf, type ResourceKind, type RowSummary, type StatusRollup } from './resource-kind';

const UNREADABLE: StatusRollup = { phase: 'Loading' };

/** InferenceService (serving.kserve.io/v1beta1): the first kind on the registry, behaviour as before it. */
export const INFERENCE_SERVICE: ResourceKind = {
  ...INFERENCE_SERVICE_NAMES,
  watchKey: 'isvcs',
  namespaced: true,
  summarize(obj: unknown): RowSummary {
    const parsed = inferenceServiceSchema.safeParse(obj);
    if (!parsed.success) {
      const m = metaOf(obj);
      const ns = m.namespace ?? '';
      return {
        key: `${ns}/${m.name}`,
        name: m.name,
        namespace: ns,
        status: UNREADABLE,
        url: undefined,
        createdAt: m.creationTimestamp,
        labels: m.labels ?? {},
        columns: {},
      };
    }
    const s = summarizeIsvc(parsed.data);
    return {
      key: s.key,
      name: s.name,
      namespace: s.namespace,
      status: s.status,
      url: s.url,
      createdAt: s.createdAt,
      labels: s.labels,
      columns: {
        modelFormat: s.modelFormat,
        runtime: s.runtime,
        protocol: s.protocol,
        deploymentMode: s.deploymentMode,
        desiredReplicas: s.desiredReplicas,
      },
    };
  },
  status(obj: unknown): StatusRollup {
    const parsed = inferenceServiceSchema.safeParse(obj);
    return parsed.success ? deriveIsvcStatus(parsed.data) : UNREADABLE;
  },
  owned: { label: 'serving.kserve.io/inferenceservice', kinds: ['pods', 'services', 'deployments'] },
  console: ['kserve-v1', 'kserve-v2', 'openai'],
};
