/** Test fixtures: KServe's shipped ClusterServingRuntimes as the apiserver returns them. */
import { servingRuntimeSchema } from '../../src/k8s-objects';

type Fmt = [name: string, version: string | undefined, autoSelect: boolean | undefined, priority: number | undefined];

/** A ClusterServingRuntime as the apiserver returns it, reduced to what selection reads. */
export function runtime(
  name: string,
  protocols: string[] | undefined,
  formats: Fmt[],
  extra: Record<string, unknown> = {},
) {
  return servingRuntimeSchema.parse({
    kind: 'ClusterServingRuntime',
    metadata: { name, creationTimestamp: '2026-12-01T00:00:00Z' },
    spec: {
      ...(protocols ? { protocolVersions: protocols } : {}),
      supportedModelFormats: formats.map(([n, version, autoSelect, priority]) => ({
        name: n,
        ...(version !== undefined ? { version } : {}),
        ...(autoSelect !== undefined ? { autoSelect } : {}),
        ...(priority !== undefined ? { priority } : {}),
      })),
      containers: [{ name: 'kserve-container', image: `${name}:replace` }],
      ...extra,
    },
  });
}

/** KServe v0.20.0's ClusterServingRuntimes (../shared/kserve/runtimes), formats and protocols as shipped. */
export const kserveClusterRuntimes = [
  runtime('kserve-huggingfaceserver', ['v2', 'v1'], [['huggingface', '1', true, 1]]),
  runtime('kserve-huggingfaceserver-multinode', ['v2', 'v1'], [['huggingface', '1', true, 2]], {
    workerSpec: { containers: [{ name: 'worker-container', image: 'hf:replace' }] },
  }),
  runtime('kserve-lgbserver', ['v1', 'v2'], [['lightgbm', '4', true, 1]]),
  runtime(
    'kserve-mlserver',
    ['v2'],
    [
      ['sklearn', '0', true, 2],
      ['sklearn', '1', true, 2],
      ['xgboost', '1', true, 2],
      ['xgboost', '2', true, 2],
      ['lightgbm', '3', true, 2],
      ['lightgbm', '4', true, 2],
      ['mlflow', '1', true, 1],
      ['mlflow', '2', true, 1],
    ],
  ),
  runtime(
    'kserve-openvino',
    ['v1', 'v2', 'grpc-v2'],
    [
      ['openvino', '10', true, 1],
      ['onnx', '1', true, 2],
      ['tensorflow', '1', true, 3],
      ['huggingface', undefined, true, undefined],
    ],
  ),
  runtime(
    'kserve-predictiveserver',
    ['v1', 'v2'],
    [
      ['sklearn', '1', false, 3],
      ['xgboost', '2', false, 3],
      ['lightgbm', '4', false, 3],
    ],
    { multiModel: false },
  ),
  runtime('kserve-sklearnserver', ['v1', 'v2'], [['sklearn', '1', true, 1]]),
  runtime(
    'kserve-tensorflow-serving',
    ['v1', 'grpc-v1'],
    [
      ['tensorflow', '1', true, 2],
      ['tensorflow', '2', true, 2],
    ],
  ),
  runtime('kserve-torchserve', ['v1', 'v2', 'grpc-v2'], [['pytorch', '1', true, 2]]),
  runtime(
    'kserve-tritonserver',
    ['v2', 'grpc-v2'],
    [
      ['tensorrt', '8', true, 1],
      ['tensorflow', '1', true, 1],
      ['tensorflow', '2', true, 1],
      ['onnx', '1', true, 1],
      ['pytorch', '1', undefined, undefined],
      ['triton', '2', true, 1],
    ],
  ),
  runtime('kserve-vllmserver', undefined, [['vLLM', '1', true, 1]]),
  runtime('kserve-xgbserver', ['v1', 'v2'], [['xgboost', '2', true, 1]]),
];
