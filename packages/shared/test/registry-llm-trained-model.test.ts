import { describe, expect, it } from 'vitest';
import {
  kindApiPaths,
  kindByName,
  kindByPlural,
  kindK8sPaths,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  llmInferenceServiceSchema,
  llmUrls,
  RESOURCE_KINDS,
  TRAINED_MODEL,
  trainedModelsOf,
} from '../src/registry';

const cond = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

const tm = (name: string, parent: string, conditions: unknown[] = []) => ({
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'TrainedModel',
  metadata: { name, namespace: 'team-a', creationTimestamp: '2026-12-06T00:00:00Z' },
  spec: { inferenceService: parent, model: { framework: 'sklearn', storageUri: 'gs://b/m', memory: '256Mi' } },
  status: { url: `http://${parent}.team-a.example.com/v1/models/${name}:predict`, conditions },
});

/** What KServe's llmisvc controller writes for a ready single-node service (v0.20.0 condition types). */
const llm = {
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceService',
  metadata: { name: 'qwen', namespace: 'team-a' },
  spec: {
    model: { uri: 'hf://Qwen/Qwen2.5-0.5B', name: 'Qwen/Qwen2.5-0.5B' },
    replicas: 2,
    parallelism: { tensor: 2, pipeline: 1 },
    router: { route: {}, gateway: {}, scheduler: {} },
  },
  status: {
    url: 'http://qwen.team-a.example.com',
    addresses: [
      { url: 'http://qwen.team-a.example.com' },
      { url: 'http://qwen-kserve-workload-svc.team-a.svc.cluster.local' },
    ],
    conditions: [cond('Ready', 'True'), cond('WorkloadsReady', 'True'), cond('RouterReady', 'True')],
    workloads: { primary: { kind: 'Deployment', name: 'qwen-kserve', readyReplicas: 2 } },
  },
};

describe('registry: TrainedModel and LLMInferenceService', () => {
  it('lists the kinds with their group, version and plural, and finds them by plural and name', () => {
    expect(RESOURCE_KINDS).toContain(TRAINED_MODEL);
    expect(kindByPlural('trainedmodels')).toBe(TRAINED_MODEL);
    expect(kindByPlural('llminferenceservices')).toBe(LLM_INFERENCE_SERVICE);
    expect(kindByName('llminferenceserviceconfig')).toBe(LLM_INFERENCE_SERVICE_CONFIG);
    expect(kindK8sPaths.object(LLM_INFERENCE_SERVICE, 'team-a', 'qwen')).toBe(
      '/apis/serving.kserve.io/v1alpha2/namespaces/team-a/llminferenceservices/qwen',
    );
    expect(kindK8sPaths.collection(TRAINED_MODEL, 'team-a')).toBe(
      '/apis/serving.kserve.io/v1alpha1/namespaces/team-a/trainedmodels',
    );
    expect(kindApiPaths.schema(LLM_INFERENCE_SERVICE)).toBe('/api/schema/llminferenceservice');
    // watch keys are the BFF's cache keys: unique
    expect(new Set(RESOURCE_KINDS.map((k) => k.watchKey)).size).toBe(RESOURCE_KINDS.length);
  });

  it("rolls a TrainedModel's conditions up, naming the failing one", () => {
    expect(TRAINED_MODEL.status(tm('m1', 'mms', [cond('Ready', 'True')]))).toEqual({ phase: 'Ready' });
    expect(
      TRAINED_MODEL.status(
        tm('m1', 'mms', [
          cond('Ready', 'False'),
          cond(
            'InferenceServiceReady',
            'False',
            'InferenceServiceNotReady',
            'Inference Service needs to be ready before Trained Model can be ready',
          ),
        ]),
      ),
    ).toEqual({
      phase: 'NotReady',
      reason: 'InferenceServiceNotReady',
      message: 'Inference Service needs to be ready before Trained Model can be ready',
    });
    expect(TRAINED_MODEL.status(tm('m1', 'mms'))).toEqual({ phase: 'Loading' });
    expect(TRAINED_MODEL.status({ nonsense: true })).toEqual({ phase: 'Loading' });
    expect(TRAINED_MODEL.summarize(tm('m1', 'mms')).columns).toEqual({
      inferenceService: 'mms',
      framework: 'sklearn',
      storageUri: 'gs://b/m',
      memory: '256Mi',
    });
  });

  it('picks the TrainedModels of one InferenceService, by name', () => {
    const items = [tm('b', 'mms'), tm('a', 'mms'), tm('c', 'other'), { bad: 1 }];
    expect(trainedModelsOf(items, 'mms').map((t) => t.metadata.name)).toEqual(['a', 'b']);
  });

  it('summarises an LLMInferenceService: model, replicas, parallelism, URLs, status', () => {
    const row = LLM_INFERENCE_SERVICE.summarize(llm);
    expect(row.status).toEqual({ phase: 'Ready' });
    expect(row.url).toBe('http://qwen.team-a.example.com');
    expect(row.columns).toEqual({
      model: 'Qwen/Qwen2.5-0.5B',
      modelUri: 'hf://Qwen/Qwen2.5-0.5B',
      replicas: 2,
      parallelism: 'tp=2 pp=1',
      scheduler: 'yes',
    });
    expect(llmUrls(llmInferenceServiceSchema.parse(llm))).toEqual([
      'http://qwen.team-a.example.com',
      'http://qwen-kserve-workload-svc.team-a.svc.cluster.local',
    ]);
    const failing = {
      ...llm,
      status: {
        conditions: [
          cond('Ready', 'False', 'MinimumReplicasUnavailable'),
          cond(
            'WorkloadsReady',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
          ),
        ],
      },
    };
    expect(LLM_INFERENCE_SERVICE.status(failing)).toEqual({
      phase: 'NotReady',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
    expect(LLM_INFERENCE_SERVICE.summarize({ metadata: 7 }).name).toBe('');
  });
});
