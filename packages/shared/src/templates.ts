/** Starting points for "create": one InferenceService template per common runtime. */
export type IsvcTemplate = {
  id: string;
  label: string;
  /** The model format KServe matches a ServingRuntime by. */
  format: string;
  protocol: 'v1' | 'v2';
  runtime?: string;
  storageUri: string;
  note: string;
  /** Extra YAML lines under `model:` (already indented by 6 spaces). */
  extra?: string[];
};

export const ISVC_TEMPLATES: readonly IsvcTemplate[] = [
  {
    id: 'sklearn-v1',
    label: 'scikit-learn (V1)',
    format: 'sklearn',
    protocol: 'v1',
    storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
    note: 'Iris classifier, KServe sklearnserver, V1 predict.',
  },
  {
    id: 'sklearn-v2',
    label: 'scikit-learn (V2)',
    format: 'sklearn',
    protocol: 'v2',
    storageUri: 'gs://seldon-models/sklearn/iris',
    note: 'Iris classifier on the Open Inference Protocol.',
  },
  {
    id: 'xgboost',
    label: 'XGBoost',
    format: 'xgboost',
    protocol: 'v1',
    storageUri: 'gs://kfserving-examples/models/xgboost/iris',
    note: 'Iris classifier, KServe xgbserver.',
  },
  {
    id: 'lightgbm',
    label: 'LightGBM',
    format: 'lightgbm',
    protocol: 'v1',
    storageUri: 'gs://kfserving-examples/models/lightgbm/iris',
    note: 'Iris classifier, KServe lgbserver.',
  },
  {
    id: 'mlserver',
    label: 'MLServer (sklearn, V2)',
    format: 'sklearn',
    protocol: 'v2',
    runtime: 'kserve-mlserver',
    storageUri: 'gs://seldon-models/sklearn/iris',
    note: 'Seldon MLServer, V2 only.',
  },
  {
    id: 'tensorflow',
    label: 'TensorFlow Serving',
    format: 'tensorflow',
    protocol: 'v1',
    storageUri: 'gs://kfserving-examples/models/tensorflow/flowers',
    note: 'Flowers image classifier.',
  },
  {
    id: 'torchserve',
    label: 'PyTorch (TorchServe)',
    format: 'pytorch',
    protocol: 'v1',
    storageUri: 'gs://kfserving-examples/models/torchserve/image_classifier/v1',
    note: 'MNIST on TorchServe.',
  },
  {
    id: 'triton-onnx',
    label: 'Triton (ONNX)',
    format: 'onnx',
    protocol: 'v2',
    runtime: 'kserve-tritonserver',
    storageUri: 'gs://kfserving-examples/models/onnx',
    note: 'ONNX style-transfer model served by Triton.',
  },
  {
    id: 'pmml',
    label: 'PMML',
    format: 'pmml',
    protocol: 'v1',
    storageUri: 'gs://kfserving-examples/models/pmml',
    note: 'PMML model, KServe pmmlserver.',
  },
  {
    id: 'huggingface',
    label: 'Hugging Face (OpenAI API)',
    format: 'huggingface',
    protocol: 'v2',
    storageUri: 'hf://distilbert/distilbert-base-uncased-finetuned-sst-2-english',
    note: 'Hugging Face server; exposes the OpenAI-compatible routes.',
    extra: ['      args:', '        - --model_name={{.Name}}'],
  },
];

/** Render a template as YAML text, with the namespace filled in. */
export function renderTemplate(t: IsvcTemplate, opts: { name?: string; namespace: string }): string {
  const name = opts.name ?? `${t.id}-example`;
  const lines = [
    'apiVersion: serving.kserve.io/v1beta1',
    'kind: InferenceService',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${opts.namespace}`,
    'spec:',
    '  predictor:',
    '    model:',
    '      modelFormat:',
    `        name: ${t.format}`,
    `      protocolVersion: ${t.protocol}`,
    ...(t.runtime ? [`      runtime: ${t.runtime}`] : []),
    `      storageUri: ${t.storageUri}`,
    ...(t.extra ?? []),
    '      resources:',
    '        requests:',
    '          cpu: 100m',
    '          memory: 256Mi',
    '        limits:',
    '          cpu: "1"',
    '          memory: 1Gi',
  ];
  return `# ${t.label}: ${t.note}\n${lines.join('\n').replace('--model_name={{.Name}}', `--model_name=${name}`)}\n`;
}
