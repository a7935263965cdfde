/** The bench's own InferenceService (a real sklearn V2 model server) and the port its pod listens on. */

import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KubeRest } from '@servedeck/sandbox/kube';
import { z } from 'zod';
import { ensureUserNamespace, isvcPath, isvcsPath } from './kube';
import { sleep } from './procs';

export const BENCH_NS = 'servedeck-bench';
export const BENCH_ISVC = 'bench-iris';
export const BENCH_LABELS = { 'app.kubernetes.io/part-of': 'servedeck-bench' };

/** From a model server's argv (`--http_port 8080` or `--http_port=8080`), its port when it serves `model`. */
export function modelServerPort(argv: readonly string[], model: string): number | undefined {
  const value = (flag: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (a === flag) return argv[i + 1];
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
    }
    return undefined;
  };
  if (value('--model_name') !== model) return undefined;
  const port = Number(value('--http_port'));
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

const mlserverSettings = z.object({ http_port: z.number().int().min(1).max(65535) });

/** MLServer's `settings.json` → its HTTP port. */
export function mlserverHttpPort(settingsJson: string): number | undefined {
  try {
    const r = mlserverSettings.safeParse(JSON.parse(settingsJson));
    return r.success ? r.data.http_port : undefined;
  } catch {
    return undefined;
  }
}

/** MLServer is started with its model repository folder (settings.json + one folder per model). */
function mlserverPort(argv: readonly string[], model: string): number | undefined {
  for (const a of argv) {
    if (!a.startsWith('/')) continue;
    const settings = join(a, 'settings.json');
    if (existsSync(settings) && existsSync(join(a, model, 'model-settings.json'))) {
      return mlserverHttpPort(readFileSync(settings, 'utf8'));
    }
  }
  return undefined;
}

/** Scan /proc for the model server process the sandbox kubelet started for `model` (KServe or MLServer). */
/** Whether a process working in `cwd` is a pod of the sandbox in `stateDir` (its kubelet runs containers in
 * STATE/pods/UID/work/NAME): other sandboxes on the machine run model servers of the same name. */
export function inSandbox(cwd: string, stateDir: string): boolean {
  const root = resolve(stateDir);
  return cwd.startsWith(`${root}/`);
}

export function findModelServerPorts(model: string, stateDir: string): number[] {
  const ports: number[] = [];
  const root = realpathSync(stateDir); // as /proc/PID/cwd reads: symbolic links resolved
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!inSandbox(readlinkSync(`/proc/${pid}/cwd`), root)) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const port = modelServerPort(argv, model) ?? mlserverPort(argv, model);
      if (port !== undefined) ports.push(port);
    } catch {
      // gone meanwhile
    }
  }
  return ports;
}

type Condition = { type?: string; status?: string };

function isReady(body: unknown): boolean {
  const conds = (body as { status?: { conditions?: Condition[] } })?.status?.conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Create (once) `servedeck-bench/bench-iris`, the seed's sklearn V2 iris model, wait until it is Ready and
 * its model server answers, and return the pod's port.
 */
export async function ensureModelServer(
  kube: KubeRest,
  stateDir: string,
  email: string,
  log: (s: string) => void,
): Promise<number> {
  await ensureUserNamespace(kube, BENCH_NS, email, BENCH_LABELS);
  await kube.ensure(isvcsPath(BENCH_NS), {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: BENCH_ISVC, namespace: BENCH_NS, labels: BENCH_LABELS },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          protocolVersion: 'v2',
          storageUri: 'gs://seldon-models/sklearn/iris',
        },
      },
    },
  });
  const deadline = Date.now() + 10 * 60_000;
  let said = false;
  while (Date.now() < deadline) {
    const r = await kube.call('GET', isvcPath(BENCH_NS, BENCH_ISVC));
    if (r.status === 200 && isReady(r.body)) {
      for (const port of findModelServerPorts(BENCH_ISVC, stateDir)) {
        const ok = await fetch(`http://127.0.0.1:${port}/v2/models/${BENCH_ISVC}/ready`, {
          signal: AbortSignal.timeout(2000),
        }).then(
          (x) => x.ok,
          () => false,
        );
        if (ok) return port;
      }
    }
    if (!said) {
      log(`waiting for ${BENCH_NS}/${BENCH_ISVC} to be Ready (the first time builds the model server venv)`);
      said = true;
    }
    await sleep(2000);
  }
  throw new Error(`${BENCH_NS}/${BENCH_ISVC} did not become Ready within 10 minutes`);
}
