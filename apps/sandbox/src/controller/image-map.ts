/**
 * The sandbox kubelet's "container runtime": which local process stands in for a container image, and its
 * command line, built only from the Pod spec (image, args, env, ports, volume mounts) as KServe wrote it.
 * Pure. See docs/sandbox.md "Kubelet" for the table.
 *
 * - KServe's sklearnserver / xgbserver / lgbserver images -> `python/kserve_server.py` (kserve venv) with the
 *   container's own args (`--model_name`, `--model_dir=/mnt/models`, `--http_port=8080`, ...), paths and ports
 *   rewritten to the pod's host folder and host ports.
 * - `seldonio/mlserver` -> `python/mlserver_launcher.py` (mlserver venv) configured from the container's env as
 *   KServe's kserve-mlserver runtime and `SetMlServerDefaults` set it (MLSERVER_MODEL_NAME, MLSERVER_MODEL_URI,
 *   MLSERVER_MODEL_IMPLEMENTATION, MLSERVER_HTTP_PORT, MLSERVER_GRPC_PORT).
 * - KServe's storage-initializer -> KServe's own storage code (`runStorageInitializer`, src/storage), run by the kubelet.
 * - vLLM images (`ghcr.io/llm-d/llm-d-cuda`, the image of KServe's LLMInferenceService presets, and `vllm/vllm-openai`)
 *   -> `python/vllm_openai_server.py` (KServe's OpenAI server, kserve-openai venv) with the tiny model: the
 *   `vllm serve MODEL --served-model-name ... --port ...` the container's command would run is read from the
 *   command text (vllmServe), not executed (it is a bash script; running pod commands on the host would let any
 *   user who may create pods run anything).
 * - every other image -> ErrImagePull, then ImagePullBackOff.
 */
import { join } from 'node:path';
import type { V1Container } from '@kubernetes/client-node';
import { ROUTER_PORT, routerEnv, type SandboxRouter } from '../router/router-launch';

export type ImageKind = 'sklearn' | 'xgboost' | 'lightgbm' | 'mlserver' | 'storage-initializer' | 'router' | 'vllm';

/** The last path segment of an image reference, without registry, tag or digest. */
export function imageRepoName(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.split('/').at(-1) ?? '';
  return last.replace(/:[^:]*$/, '');
}

const kinds: Record<string, ImageKind> = {
  sklearnserver: 'sklearn',
  'kserve-sklearnserver': 'sklearn',
  xgbserver: 'xgboost',
  'kserve-xgbserver': 'xgboost',
  lgbserver: 'lightgbm',
  'kserve-lgbserver': 'lightgbm',
  mlserver: 'mlserver',
  'storage-initializer': 'storage-initializer',
  'kserve-storage-initializer': 'storage-initializer',
  // KServe's InferenceGraph router (`kserve/router`): src/router/router-launch.ts
  router: 'router',
  'kserve-router': 'router',
  // vLLM: llm-d's images (KServe's LLMInferenceService presets) and vLLM's own (src/llmisvc, vllm_openai_server.py)
  'llm-d-cuda': 'vllm',
  'llm-d-cpu': 'vllm',
  'llm-d-rocm': 'vllm',
  'llm-d-xpu': 'vllm',
  'llm-d': 'vllm',
  'vllm-openai': 'vllm',
  'vllm-cpu': 'vllm',
  'vllm-openai-cpu': 'vllm',
  vllm: 'vllm',
};

/**
 * Which process an image stands for. Matches KServe's published images (`kserve/sklearnserver:v0.20.0`,
 * `docker.io/seldonio/mlserver:1.7.1`, `kserve/storage-initializer:v0.20.0`) and the kustomize placeholders
 * of the runtimes in shared/kserve (`kserve-sklearnserver:replace`, `mlserver:replace`).
 */
export function imageKind(image: string | undefined): ImageKind | undefined {
  return kinds[imageRepoName(image ?? '')];
}

export type ImagePullFailure = {
  reason: 'ErrImagePull';
  message: string;
  backOff: { reason: 'ImagePullBackOff'; message: string };
};

/** What the kubelet reports for an image the sandbox has no process for. */
export function imagePullFailure(image: string): ImagePullFailure {
  return {
    reason: 'ErrImagePull',
    message:
      `Failed to pull image "${image}": image not available in the ServeDeck sandbox, which runs no container images; ` +
      "only KServe's sklearnserver, xgbserver, lgbserver, seldonio/mlserver, storage-initializer and router images and vLLM images (played by a tiny model) run here (as local processes).",
    backOff: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` },
  };
}

export type PodRef = {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  podIP: string;
  hostIP: string;
  nodeName: string;
  serviceAccountName: string;
};

function fieldRef(path: string, pod: PodRef): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.labels : pod.annotations)[m[2] ?? ''];
  const simple: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'metadata.uid': pod.uid,
    'status.podIP': pod.podIP,
    'status.hostIP': pod.hostIP,
    'spec.nodeName': pod.nodeName,
    'spec.serviceAccountName': pod.serviceAccountName,
  };
  return simple[path];
}

/** `$(VAR)` references as Kubernetes expands them in env values, command and args (`$$` escapes). */
export function expandRefs(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in vars ? (vars[name] ?? '') : m;
  });
}

/** Values of a container's secret and config map references, fetched by the kubelet (see containerEnv). */
export type EnvSources = {
  /** `envFrom` entries merged in order (prefix applied). */
  envFrom?: Record<string, string>;
  /** `valueFrom.secretKeyRef` / `configMapKeyRef` values by variable name. */
  refs?: Record<string, string>;
};

/**
 * The container's environment as the kubelet builds it: `envFrom`, then `env` in order: literal values (with
 * `$(VAR)` expanded against the variables before them), `fieldRef`s, and secret / config map keys from
 * `sources` (a missing optional key leaves the variable out).
 */
export function containerEnv(c: V1Container, pod: PodRef, sources: EnvSources = {}): Record<string, string> {
  const out: Record<string, string> = { ...(sources.envFrom ?? {}) };
  for (const e of c.env ?? []) {
    if (e.value !== undefined) out[e.name] = expandRefs(e.value, out);
    else if (e.valueFrom?.fieldRef) {
      const v = fieldRef(e.valueFrom.fieldRef.fieldPath, pod);
      if (v !== undefined) out[e.name] = v;
    } else if (e.valueFrom) {
      const v = sources.refs?.[e.name];
      if (v !== undefined) out[e.name] = v;
    } else out[e.name] = '';
  }
  return out;
}

type Flag = { name: string; value: string | undefined };

/** `--a=b`, `--a b` and bare `--a` flags (positional words are kept as flags without a name). */
export function parseFlags(args: string[]): Flag[] {
  const out: Flag[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) {
      out.push({ name: '', value: a });
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) out.push({ name: a.slice(2, eq), value: a.slice(eq + 1) });
    else {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        out.push({ name: a.slice(2), value: next });
        i++;
      } else out.push({ name: a.slice(2), value: undefined });
    }
  }
  return out;
}

function flag(flags: Flag[], name: string): string | undefined {
  return flags.findLast((f) => f.name === name)?.value;
}

function port(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
}

/**
 * The ports a container's process listens on inside its pod: its declared `ports` plus the ones its image
 * opens by itself (kserve: `--http_port`, default 8080; MLServer: MLSERVER_HTTP_PORT / MLSERVER_GRPC_PORT,
 * default 8080 / 8081). Each gets a host port of its own (every pod shares 127.0.0.1).
 */
export function containerPorts(c: V1Container, env: Record<string, string>): number[] {
  const ports = new Set<number>((c.ports ?? []).map((p) => p.containerPort));
  const kind = imageKind(c.image);
  if (kind === 'sklearn' || kind === 'xgboost' || kind === 'lightgbm') {
    const flags = parseFlags((c.args ?? []).map((a) => expandRefs(a, env)));
    ports.add(port(flag(flags, 'http_port'), 8080));
  } else if (kind === 'router') {
    ports.add(ROUTER_PORT);
  } else if (kind === 'vllm') {
    ports.add(vllmServe(c, env).port);
  } else if (kind === 'mlserver') {
    ports.add(port(env.MLSERVER_HTTP_PORT, 8080));
    ports.add(port(env.MLSERVER_GRPC_PORT, 8081));
  }
  return [...ports];
}

export type Launch = { command: string; args: string[]; env: Record<string, string>; cwd: string };

export type LaunchInput = {
  container: V1Container;
  pod: PodRef;
  /** containerEnv(container, pod). */
  env: Record<string, string>;
  /** The pod's host port for a container port (containerPorts lists the ones that exist). */
  hostPort: (containerPort: number) => number;
  /** The host path of a path inside the container (through its volume mounts), or undefined. */
  hostPath: (containerPath: string) => string | undefined;
  /** Interpreters of the venvs; `openai` (KServe's OpenAI server, for vLLM images) only once it is built. */
  python: { kserve: string; mlserver: string; openai?: string | undefined };
  scriptsDir: string;
  /** A per-container scratch folder (MLServer writes its settings there). */
  workDir: string;
  /** KServe's router binary and the gateway's proxy URL (InferenceGraph pods); absent: the image does not run. */
  router?: SandboxRouter | undefined;
};

export type VllmServe = { model: string; names: string[]; port: number };

const unquote = (t: string) => t.replace(/^["']+|["';]+$/g, '');

/**
 * What `vllm serve` would be told by a container: the model path, the served model names and the port, read
 * from its command and args (KServe's preset runs `bash -c '... exec vllm serve /mnt/models --served-model-name
 * "NAME" "publishers/NS/models/NAME" --port 8000 ... $@' -- ARGS`; vLLM's own image takes `--model` etc. as
 * args). vLLM's defaults: port 8000, the model path as the served name. Pure.
 */
export function vllmServe(c: V1Container, env: Record<string, string>): VllmServe {
  const text = [...(c.command ?? []), ...(c.args ?? [])].map((a) => expandRefs(a, env)).join('\n');
  const tokens = text
    .split(/\s+/)
    .map(unquote)
    .filter((t) => t !== '' && t !== '\\');
  const serveAt = tokens.findIndex((t, i) => /(^|\/)vllm$/.test(t) && tokens[i + 1] === 'serve');
  let model = serveAt >= 0 ? (tokens[serveAt + 2] ?? '/mnt/models') : '/mnt/models';
  let names: string[] = [];
  let listen = 8000;
  const rest = serveAt >= 0 ? tokens.slice(serveAt + 3) : tokens;
  const isValue = (t: string | undefined) => t !== undefined && !t.startsWith('-') && !t.startsWith('$');
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i] ?? '';
    const [flagName, inline] =
      t.startsWith('--') && t.includes('=')
        ? [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]
        : [t, undefined];
    if (flagName === '--served-model-name') {
      names = inline !== undefined ? [inline] : [];
      while (inline === undefined && isValue(rest[i + 1])) names.push(rest[++i] ?? '');
    } else if (flagName === '--port') {
      listen = port(inline ?? rest[i + 1], listen);
    } else if (flagName === '--model') {
      model = inline ?? (isValue(rest[i + 1]) ? (rest[i + 1] ?? model) : model);
    }
  }
  return { model, names: names.length > 0 ? names : [model], port: listen };
}

/** Environment every Python model server gets (one core each: the machine is small, the models tiny). */
export const pythonEnv: Record<string, string> = {
  PYTHONUNBUFFERED: '1',
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONNOUSERSITE: '1',
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  PYTHONWARNINGS: 'ignore::DeprecationWarning',
};

const frameworkFlag: Record<string, string> = { sklearn: 'sklearn', xgboost: 'xgboost', lightgbm: 'lightgbm' };

/**
 * The process for a model-server container (an image whose imageKind is a model server), or undefined for
 * any other image. The servers bind 127.0.0.1 only.
 */
export function launchFor(i: LaunchInput): Launch | undefined {
  const kind = imageKind(i.container.image);
  const mapPath = (p: string) => i.hostPath(p) ?? p;
  if (kind === 'router' && i.router) {
    return {
      command: i.router.binary,
      args: (i.container.args ?? []).map((a) => expandRefs(a, i.env)),
      env: routerEnv(i.env, i.hostPort(ROUTER_PORT), i.router.proxyUrl),
      cwd: i.workDir,
    };
  }
  if (kind === 'sklearn' || kind === 'xgboost' || kind === 'lightgbm') {
    const flags = parseFlags((i.container.args ?? []).map((a) => expandRefs(a, i.env)));
    const out: string[] = [join(i.scriptsDir, 'kserve_server.py')];
    for (const f of flags) {
      if (f.name === '' || f.name === 'host' || f.name === 'framework') continue;
      let v = f.value;
      if (f.name === 'model_dir' && v !== undefined) v = mapPath(v);
      if (f.name === 'http_port') v = String(i.hostPort(port(v, 8080)));
      out.push(v === undefined ? `--${f.name}` : `--${f.name}=${v}`);
    }
    if (flag(flags, 'http_port') === undefined) out.push(`--http_port=${i.hostPort(8080)}`);
    if (flag(flags, 'model_dir') === undefined) out.push(`--model_dir=${mapPath('/mnt/models')}`);
    if (flag(flags, 'model_name') === undefined)
      out.push(`--model_name=${i.pod.labels['serving.kserve.io/inferenceservice'] ?? 'model'}`);
    out.push(`--framework=${frameworkFlag[kind]}`, '--host=127.0.0.1');
    return { command: i.python.kserve, args: out, env: { ...i.env, ...pythonEnv }, cwd: i.workDir };
  }
  if (kind === 'vllm') {
    if (!i.python.openai) {
      throw new Error("the kserve-openai venv is not built (it plays vLLM's server); run: npm run sandbox -- up");
    }
    const serve = vllmServe(i.container, i.env);
    const modelDir = mapPath(serve.model);
    return {
      command: i.python.openai,
      args: [
        join(i.scriptsDir, 'vllm_openai_server.py'),
        '--model_dir',
        modelDir,
        '--served-model-name',
        ...serve.names,
        '--port',
        String(i.hostPort(serve.port)),
        '--host',
        '127.0.0.1',
      ],
      // the container's HOME (/home in KServe's preset) and cache folders are paths inside the image
      env: { ...i.env, ...pythonEnv, HOME: i.workDir, HF_HUB_OFFLINE: '1' },
      cwd: i.workDir,
    };
  }
  if (kind === 'mlserver') {
    const e = i.env;
    const http = i.hostPort(port(e.MLSERVER_HTTP_PORT, 8080));
    const grpc = i.hostPort(port(e.MLSERVER_GRPC_PORT, 8081));
    const modelDir = mapPath(e.MLSERVER_MODEL_URI ?? '/mnt/models');
    const name = e.MLSERVER_MODEL_NAME ?? i.pod.labels['serving.kserve.io/inferenceservice'] ?? 'model';
    const impl = e.MLSERVER_MODEL_IMPLEMENTATION || 'auto';
    const env = { ...e, ...pythonEnv };
    // MLServer reads MLSERVER_* itself too: give it the host's values, not the container's.
    env.MLSERVER_HTTP_PORT = String(http);
    env.MLSERVER_GRPC_PORT = String(grpc);
    env.MLSERVER_MODEL_URI = modelDir;
    env.MLSERVER_HOST = '127.0.0.1';
    return {
      command: i.python.mlserver,
      args: [
        join(i.scriptsDir, 'mlserver_launcher.py'),
        '--model_name',
        name,
        '--model_dir',
        modelDir,
        '--http_port',
        String(http),
        '--grpc_port',
        String(grpc),
        '--work_dir',
        join(i.workDir, 'mlserver'),
        '--implementation',
        impl,
        '--host',
        '127.0.0.1',
      ],
      env,
      cwd: i.workDir,
    };
  }
  return undefined;
}
