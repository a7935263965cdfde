import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type Client, eventually, USER_NS } from '../security/harness';
import { FAULTS_DIR } from './private-sandbox';

export const MODEL = 'fault-model';
export const modelBase = `/api/namespaces/${USER_NS}/inferenceservices/${MODEL}`;
export const PREDICT = `${modelBase}/infer/v1/models/${MODEL}:predict`;
export const IRIS = JSON.stringify({ instances: [[6.8, 2.8, 4.8, 1.4]] });

type Isvc = { status?: { url?: string; conditions?: Array<{ type: string; status: string }> } };

/** A real sklearn model server in the private sandbox (created once, kept until `down`). */
export async function ensureModel(user: Client): Promise<void> {
  const r = await user.get(modelBase);
  if (r.status === 404) {
    const created = await user.json('POST', `/api/namespaces/${USER_NS}/inferenceservices`, {
      metadata: { name: MODEL },
      spec: {
        predictor: {
          model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' },
        },
      },
    });
    if (created.status !== 201) throw new Error(`create ${MODEL}: ${created.status} ${created.text}`);
  }
  await eventually(
    async () => {
      const isvc = (await user.get(modelBase)).json<Isvc>();
      const ready = isvc.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      if (!ready || !isvc.status?.url) return undefined;
      // the model answers (not only the status)
      return (await user.request('POST', PREDICT, { body: IRIS, type: 'application/json' })).status === 200
        ? true
        : undefined;
    },
    180_000,
    `${MODEL} to serve`,
  );
}

/**
 * The model server process of MODEL in the private sandbox `dir` (FAULTS_DIR unless told): its PID and HTTP
 * port. The kubelet runs a pod's containers in `<dir>/pods/<uid>/work/<container>`; the KServe server carries
 * `--model_name=MODEL` and its host `--http_port`.
 */
export function modelProcess(dir = FAULTS_DIR): { pid: number; port: number } {
  const pods = join(dir, 'pods');
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cwd = readlinkSync(`/proc/${d}/cwd`);
      if (!cwd.startsWith(pods)) continue;
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (!argv.includes(`--model_name=${MODEL}`)) continue;
      const port = Number(argv.find((a) => a.startsWith('--http_port='))?.split('=')[1]);
      if (port) return { pid: Number(d), port };
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no model server process for ${MODEL} under ${dir}`);
}
