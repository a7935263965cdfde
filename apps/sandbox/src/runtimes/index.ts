/**
 * The real model servers the sandbox's kubelet starts: Python venvs, the model mirror that stands in
 * for remote storage, and the command line per ClusterServingRuntime. See docs/sandbox.md "Model servers".
 */
export {
  buildMirrorIndex,
  ensureModelMirror,
  type MirrorIndex,
  type ModelFormat,
  type ModelMirror,
  mirrorIndexSchema,
  modelFormats,
  normalizeStorageUri,
  type ResolveResult,
  resolveInMirror,
} from './model-mirror';
export {
  ensurePythonEnvs,
  type PythonEnv,
  type PythonEnvName,
  type PythonEnvs,
  pythonEnvNames,
  pythonScriptsDir,
  RuntimeSetupError,
  venvLocation,
} from './python-envs';
export {
  defaultCacheDir,
  existingPythonEnvs,
  isRunnableRuntime,
  mirrorDirFor,
  type RunnableRuntime,
  type RuntimeInput,
  runnableKind,
  runnableRuntimes,
  runtimeEnv,
  runtimeImage,
  type ServerCommand,
  type ServerSpec,
  serverCommand,
} from './server-command';
