/**
 * The model servers' side of the sandbox: Python venvs (kserve and mlserver) the kubelet runs KServe's model
 * servers in, and the model mirror (the sample models trained locally) the storage module puts into the GCS
 * emulator and the S3 server. See docs/sandbox.md "Model servers".
 */
export {
  buildMirrorIndex,
  ensureModelMirror,
  type MirrorIndex,
  type ModelFormat,
  type ModelMirror,
  mirrorIndexSchema,
  modelFormats,
} from './model-mirror';
export {
  ensurePythonEnvs,
  existingPythonEnvs,
  type PythonEnv,
  type PythonEnvName,
  type PythonEnvs,
  pythonEnvNames,
  pythonScriptsDir,
  RuntimeSetupError,
  venvLocation,
} from './python-envs';
