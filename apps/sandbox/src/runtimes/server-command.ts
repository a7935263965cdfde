import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ModelFormat } from './model-mirror';
import {
  type PythonEnvName,
  type PythonEnvs,
  pythonEnvNames,
  pythonScriptsDir,
  RuntimeSetupError,
  requirementsFile,
  venvLocation,
} from './python-envs';

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

/** A runtime by name, or a ServingRuntime object (`{name, spec}`, as the controller passes it). */
export type RuntimeInput = string | { name: string; spec?: unknown };

const runtimeSpecSchema = z.looseObject({
  containers: z.array(z.looseObject({ image: z.string().optional() })).optional(),
});

/** The first container's image of a ServingRuntime spec, when there is one. */
export function runtimeImage(runtime: RuntimeInput): string | undefined {
  if (typeof runtime === 'string') return undefined;
  const spec = runtimeSpecSchema.safeParse(runtime.spec);
  return spec.success ? spec.data.containers?.[0]?.image : undefined;
}

/**
 * Which server the sandbox runs for a runtime: by ClusterServingRuntime name, or for a ServingRuntime
 * of another name by its image (kserve-sklearnserver, kserve/sklearnserver, seldonio/mlserver, ...).
 */
export function runnableKind(runtime: RuntimeInput): RunnableRuntime | undefined {
  const name = typeof runtime === 'string' ? runtime : runtime.name;
  if (isRunnableRuntime(name)) return name;
  const repo = (runtimeImage(runtime) ?? '').split('@')[0]?.replace(/:[^/:]*$/, '') ?? '';
  const last = repo.split('/').at(-1) ?? '';
  if (last === 'sklearnserver' || last === 'kserve-sklearnserver') return 'kserve-sklearnserver';
  if (last === 'xgbserver' || last === 'kserve-xgbserver') return 'kserve-xgbserver';
  if (last === 'lgbserver' || last === 'kserve-lgbserver') return 'kserve-lgbserver';
  if (last === 'mlserver') return 'kserve-mlserver';
  return undefined;
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
  /** A runnable runtime's name, or the ServingRuntime `{name, spec}` (see runnableKind). */
  runtime: RuntimeInput;
  /** The InferenceService's name (what `{{.Name}}` is in the runtime's args). */
  modelName: string;
  /** The model folder, from `ModelMirror.resolve(uri, runtimeEnv(runtime))`. */
  modelDir: string;
  /** HTTP port on 127.0.0.1. */
  port: number;
  /** A per-pod scratch folder (MLServer writes its settings there); created by the server if absent. */
  workDir: string;
  /** From ensurePythonEnvs; when absent, the venvs in the default cache folder (they must exist). */
  envs?: PythonEnvs;
  /** Accepted and ignored: kserve's servers answer V1 and V2 on one port; MLServer V2 only. */
  protocol?: string;
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
  /** The same as healthPath (the controller's name for it). */
  readinessPath: string;
};

/** The default cache folder, the same rule as scripts/lib.mjs. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SERVEDECK_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'servedeck');
}

/** The venvs ensurePythonEnvs builds in `cacheDir`, without building them (throws if one is missing). */
export function existingPythonEnvs(cacheDir = defaultCacheDir()): PythonEnvs {
  const one = (name: PythonEnvName) => {
    const file = requirementsFile(name);
    const loc = venvLocation(cacheDir, name, readFileSync(file));
    if (!existsSync(loc.python)) {
      throw new RuntimeSetupError(
        'PythonEnvMissing',
        `the ${name} venv ${loc.dir} is not built; run: npm run sandbox -- up`,
      );
    }
    return { name, requirementsFile: file, ...loc };
  };
  const [kserve, mlserver] = pythonEnvNames.map(one);
  if (!kserve || !mlserver) throw new RuntimeSetupError('PythonEnvMissing', 'no venvs');
  return { kserve, mlserver };
}

/**
 * A mirror folder resolved for one venv, moved to the other venv's copy of the same URI when there is
 * one (`<mirror>/kserve/gs/...` <-> `<mirror>/mlserver/gs/...`): pickles are bound to their sklearn.
 */
export function mirrorDirFor(
  modelDir: string,
  env: PythonEnvName,
  exists: (p: string) => boolean = existsSync,
): string {
  const m = /^(.*[/\\]models[/\\][0-9a-f]{12})[/\\](kserve|mlserver)[/\\](.+)$/.exec(modelDir);
  if (!m || m[2] === env) return modelDir;
  const other = join(m[1] ?? '', env, m[3] ?? '');
  return exists(other) ? other : modelDir;
}

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
  const runtime = runnableKind(spec.runtime);
  if (runtime === undefined) {
    const name = typeof spec.runtime === 'string' ? spec.runtime : spec.runtime.name;
    throw new RuntimeSetupError('RuntimeNotRunnable', `the ServeDeck sandbox cannot run the ${name} runtime`);
  }
  const envs = spec.envs ?? existingPythonEnvs();
  const healthPath = `/v2/models/${encodeURIComponent(spec.modelName)}/ready`;
  const modelDir = mirrorDirFor(spec.modelDir, runtimeEnv(runtime));
  if (runtime === 'kserve-mlserver') {
    return {
      command: envs.mlserver.python,
      args: [
        join(pythonScriptsDir, 'mlserver_launcher.py'),
        '--model_name',
        spec.modelName,
        '--model_dir',
        modelDir,
        '--http_port',
        String(spec.port),
        '--work_dir',
        join(spec.workDir, 'mlserver'),
        '--implementation',
        'auto',
        '--host',
        '127.0.0.1',
      ],
      env: { ...pythonEnv },
      cwd: spec.workDir,
      healthPath,
      readinessPath: healthPath,
    };
  }
  return {
    command: envs.kserve.python,
    args: [
      join(pythonScriptsDir, 'kserve_server.py'),
      `--model_name=${spec.modelName}`,
      `--model_dir=${modelDir}`,
      `--http_port=${spec.port}`,
      `--framework=${kserveFramework[runtime]}`,
      '--nthread=1',
      '--host=127.0.0.1',
      '--enable_grpc=false',
    ],
    env: { ...pythonEnv },
    cwd: spec.workDir,
    healthPath,
    readinessPath: healthPath,
  };
}
