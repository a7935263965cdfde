import { join } from 'node:path';
import type { ModelFormat } from './model-mirror';
import { type PythonEnvName, type PythonEnvs, pythonScriptsDir } from './python-envs';

/** The ClusterServingRuntimes whose model server the sandbox can run, as a local Python process. */
export const runnableRuntimes = [
  'kserve-sklearnserver',
  'kserve-xgbserver',
  'kserve-lgbserver',
  'kserve-mlserver',
] as const;
export type RunnableRuntime = (typeof runnableRuntimes)[number];

export function isRunnableRuntime(name: string): name is RunnableRuntime {
  return (runnableRuntimes as readonly string[]).includes(name);
}

/** Which venv (and so which mirrored copy of a model) a runtime uses. */
export function runtimeEnv(runtime: RunnableRuntime): PythonEnvName {
  return runtime === 'kserve-mlserver' ? 'mlserver' : 'kserve';
}

const kserveFramework: Record<Exclude<RunnableRuntime, 'kserve-mlserver'>, ModelFormat> = {
  'kserve-sklearnserver': 'sklearn',
  'kserve-xgbserver': 'xgboost',
  'kserve-lgbserver': 'lightgbm',
};

export type ServerSpec = {
  runtime: RunnableRuntime;
  /** The InferenceService's name (what `{{.Name}}` is in the runtime's args). */
  modelName: string;
  /** The model folder, from `ModelMirror.resolve(uri, runtimeEnv(runtime))`. */
  modelDir: string;
  /** HTTP port on 127.0.0.1. */
  port: number;
  /** A per-pod scratch folder (MLServer writes its settings there); created by the server if absent. */
  workDir: string;
  envs: PythonEnvs;
};

export type ServerCommand = {
  command: string;
  args: string[];
  /** Add to the spawned process's environment (over the parent's). */
  env: Record<string, string>;
  /** Run the process in this folder. */
  cwd: string;
  /** GET http://127.0.0.1:PORT + healthPath answers 200 once the model is loaded. */
  healthPath: string;
};

const pythonEnv: Record<string, string> = {
  PYTHONUNBUFFERED: '1',
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONNOUSERSITE: '1',
  // One core per model server: the machine is small and the models are tiny.
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  // FastAPI's ORJSONResponse deprecation warning in kserve 0.21 on every first request.
  PYTHONWARNINGS: 'ignore::DeprecationWarning',
};

/**
 * The process the sandbox's kubelet spawns for a predictor pod. Pure: builds the command line only.
 * The server binds 127.0.0.1:port (HTTP only: kserve's gRPC is off; MLServer's gRPC, which cannot be
 * turned off, takes another free port on 127.0.0.1) and stops on SIGTERM.
 */
export function serverCommand(spec: ServerSpec): ServerCommand {
  const healthPath = `/v2/models/${encodeURIComponent(spec.modelName)}/ready`;
  if (spec.runtime === 'kserve-mlserver') {
    return {
      command: spec.envs.mlserver.python,
      args: [
        join(pythonScriptsDir, 'mlserver_launcher.py'),
        '--model_name',
        spec.modelName,
        '--model_dir',
        spec.modelDir,
        '--http_port',
        String(spec.port),
        '--work_dir',
        join(spec.workDir, 'mlserver'),
        '--implementation',
        'mlserver_sklearn.SKLearnModel',
        '--host',
        '127.0.0.1',
      ],
      env: { ...pythonEnv },
      cwd: spec.workDir,
      healthPath,
    };
  }
  return {
    command: spec.envs.kserve.python,
    args: [
      join(pythonScriptsDir, 'kserve_server.py'),
      `--model_name=${spec.modelName}`,
      `--model_dir=${spec.modelDir}`,
      `--http_port=${spec.port}`,
      `--framework=${kserveFramework[spec.runtime]}`,
      '--nthread=1',
      '--host=127.0.0.1',
      '--enable_grpc=false',
    ],
    env: { ...pythonEnv },
    cwd: spec.workDir,
    healthPath,
  };
}

/** Container images of KServe's runtimes that the sandbox does not run (for messages only). */
const defaultImages: Record<string, string> = {
  'kserve-tensorflow-serving': 'tensorflow/serving:2.6.2',
  'kserve-torchserve': 'pytorch/torchserve-kfs:0.9.0',
  'kserve-tritonserver': 'nvcr.io/nvidia/tritonserver:23.05-py3',
  'kserve-pmmlserver': 'kserve/pmmlserver:latest',
  'kserve-paddleserver': 'kserve/paddleserver:latest',
  'kserve-huggingfaceserver': 'kserve/huggingfaceserver:latest',
  'kserve-huggingfaceserver-multinode': 'kserve/huggingfaceserver:latest',
  'kserve-vllmserver': 'kserve/huggingfaceserver:latest',
  'kserve-openvino': 'openvino/model_server:latest',
  'kserve-autogluonserver': 'kserve/autogluonserver:latest',
  'kserve-predictiveserver': 'kserve/predictiveserver:latest',
};

export type WaitingState = {
  /** The first Waiting state of the container (kubelet: ErrImagePull). */
  reason: 'ErrImagePull';
  message: string;
  /** What the kubelet reports on later retries. */
  backOff: { reason: 'ImagePullBackOff'; message: string };
};

/**
 * Why a runtime's container cannot start here, as the container's Waiting state; undefined for a
 * runnable runtime. `image` is the container image from the ServingRuntime / custom predictor, when
 * known; `runtimeName` may be '' for a custom container.
 */
export function unrunnableReason(runtimeName: string, image?: string): WaitingState | undefined {
  if (isRunnableRuntime(runtimeName)) return undefined;
  const img = image ?? defaultImages[runtimeName] ?? (runtimeName === '' ? 'custom-image' : `${runtimeName}:latest`);
  const what = runtimeName === '' ? 'custom containers' : `the ${runtimeName} runtime`;
  return {
    reason: 'ErrImagePull',
    message:
      `Failed to pull image "${img}": image not available in the ServeDeck sandbox, which runs no container images. ` +
      `It cannot run ${what}; only ${runnableRuntimes.join(', ')} run here (as local Python processes).`,
    backOff: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${img}"` },
  };
}
