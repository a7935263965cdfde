/** The InferenceServices the list-scale bench writes: realistic specs and statuses, deterministic. */

export const SCALE_NS_PREFIX = 'servedeck-bench-scale-';
/** The annotation the sandbox controller is asked to honour (skip these objects entirely). */
export const IGNORE_ANNOTATION = 'sandbox.servedeck.dev/ignore';
export const STOP_ANNOTATION = 'serving.kserve.io/stop';

export function scaleNamespaces(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${SCALE_NS_PREFIX}${String(i).padStart(2, '0')}`);
}

export function scaleName(i: number): string {
  return `model-${String(i).padStart(4, '0')}`;
}

const formats = [
  { format: 'sklearn', runtime: 'kserve-sklearnserver', protocol: 'v2' },
  { format: 'xgboost', runtime: 'kserve-xgbserver', protocol: 'v2' },
  { format: 'lightgbm', runtime: 'kserve-lgbserver', protocol: 'v1' },
  { format: 'sklearn', runtime: 'kserve-mlserver', protocol: 'v2' },
] as const;

export function scaleObject(ns: string, i: number, controllerIgnores: boolean): Record<string, unknown> {
  const f = formats[i % formats.length] ?? formats[0];
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: scaleName(i),
      namespace: ns,
      labels: { 'app.kubernetes.io/part-of': 'servedeck-bench', team: `team-${i % 7}` },
      annotations: {
        [IGNORE_ANNOTATION]: 'true',
        // Until the controller honours the ignore annotation: at least no model server starts.
        ...(controllerIgnores ? {} : { [STOP_ANNOTATION]: 'true' }),
        'serving.kserve.io/deploymentMode': 'Standard',
      },
    },
    spec: {
      predictor: {
        minReplicas: 1,
        model: {
          modelFormat: { name: f.format },
          protocolVersion: f.protocol,
          runtime: f.runtime,
          storageUri: `gs://servedeck-bench/models/${f.format}/${i}`,
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        },
      },
    },
  };
}

const T0 = '2026-01-01T00:00:00Z';

/** Mostly Ready, some failing to load, some still rolling out: what a busy cluster shows. */
export function scaleStatus(ns: string, i: number): Record<string, unknown> {
  const name = scaleName(i);
  const url = `http://${name}-${ns}.example.com`;
  const address = `http://${name}-predictor.${ns}.svc.cluster.local`;
  const f = formats[i % formats.length] ?? formats[0];
  const kind = i % 20 === 7 ? 'failed' : i % 20 === 13 ? 'pending' : 'ready';
  const cond = (type: string, status: string, extra: Record<string, string> = {}) => ({
    type,
    status,
    lastTransitionTime: T0,
    ...extra,
  });
  const base = {
    observedGeneration: 1,
    deploymentMode: 'Standard',
    clusterServingRuntimeName: f.runtime,
  };
  if (kind === 'ready') {
    return {
      ...base,
      url,
      address: { url: address },
      components: { predictor: { url: `http://${name}-predictor-${ns}.example.com`, address: { url: address } } },
      conditions: [
        cond('IngressReady', 'True'),
        cond('PredictorReady', 'True'),
        cond('Ready', 'True'),
        cond('Stopped', 'False'),
      ],
      modelStatus: {
        states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
        transitionStatus: 'UpToDate',
        copies: { failedCopies: 0, totalCopies: 1 },
      },
    };
  }
  if (kind === 'failed') {
    const message = `Failed to fetch model. No model found in gs://servedeck-bench/models/${f.format}/${i}.`;
    return {
      ...base,
      components: { predictor: {} },
      conditions: [
        cond('IngressReady', 'False', { reason: 'Predictor ingress not created' }),
        cond('PredictorReady', 'False', { reason: 'ModelLoadFailed', message }),
        cond('Ready', 'False', { reason: 'ModelLoadFailed', message }),
        cond('Stopped', 'False'),
      ],
      modelStatus: {
        states: { activeModelState: '', targetModelState: 'FailedToLoad' },
        transitionStatus: 'BlockedByFailedLoad',
        lastFailureInfo: { reason: 'ModelLoadFailed', message },
        copies: { failedCopies: 1 },
      },
    };
  }
  return {
    ...base,
    components: { predictor: {} },
    conditions: [
      cond('IngressReady', 'False', { reason: 'Predictor ingress not created' }),
      cond('PredictorReady', 'Unknown', { reason: 'ContainerCreating' }),
      cond('Ready', 'Unknown', { reason: 'ContainerCreating' }),
      cond('Stopped', 'False'),
    ],
    modelStatus: {
      states: { activeModelState: 'Pending', targetModelState: 'Loaded' },
      transitionStatus: 'InProgress',
    },
  };
}
