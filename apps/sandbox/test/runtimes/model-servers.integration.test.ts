/**
 * The real model servers: builds (or reuses) the venvs and the model mirror in the sandbox cache,
 * starts each server on a free port as the kubelet would, and checks V1 and V2 predictions on the
 * iris sample rows. Slow the first time (venv builds); about a minute when cached.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defaultCacheDir,
  ensureModelMirror,
  ensurePythonEnvs,
  type ModelMirror,
  type PythonEnvs,
  type RunnableRuntime,
  runtimeEnv,
  serverCommand,
} from '../../src/runtimes/index';

const rows = [
  [6.8, 2.8, 4.8, 1.4],
  [6.0, 3.4, 4.5, 1.6],
];
const v2Input = {
  inputs: [{ name: 'input-0', shape: [2, 4], datatype: 'FP32', data: rows }],
};

const v1Schema = z.object({ predictions: z.array(z.union([z.number(), z.array(z.number())])) });
const v2Schema = z.object({
  model_name: z.string(),
  outputs: z.array(
    z.object({ name: z.string(), shape: z.array(z.number()), datatype: z.string(), data: z.array(z.number()) }),
  ),
});

type Running = { proc: ChildProcess; port: number; spawnedAt: number; readyMs: number; logs: string[] };
const measurements: Array<{ runtime: string; readyMs: number; rssMiB: number }> = [];
let envs: PythonEnvs;
let mirror: ModelMirror;
const running: Running[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
}

async function start(runtime: RunnableRuntime, uri: string, modelName: string): Promise<Running> {
  const resolved = mirror.resolve(uri, runtimeEnv(runtime));
  if (!resolved.ok) throw new Error(`${resolved.reason}: ${resolved.message}`);
  const port = await freePort();
  const workDir = mkdtempSync(join(tmpdir(), `servedeck-${modelName}-`));
  const cmd = serverCommand({ runtime, modelName, modelDir: resolved.dir, port, workDir, envs });
  const spawnedAt = Date.now();
  const proc = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: { ...process.env, ...cmd.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Running = { proc, port, spawnedAt, readyMs: -1, logs: [] };
  running.push(run);
  for (const s of [proc.stdout, proc.stderr]) s?.on('data', (b: Buffer) => run.logs.push(b.toString()));
  const exited = new Promise<string>((resolve) => proc.once('exit', (code) => resolve(`exited with ${code}`)));
  const ready = (async () => {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${cmd.healthPath}`);
        if (r.status === 200) return 'ready';
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const outcome = await Promise.race([ready, exited]);
  if (outcome !== 'ready') throw new Error(`${runtime} ${outcome}:\n${run.logs.join('').slice(-3000)}`);
  run.readyMs = Date.now() - spawnedAt;
  return run;
}

async function post(port: number, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

async function stop(run: Running): Promise<void> {
  if (run.proc.exitCode !== null || run.proc.pid === undefined) return;
  const exited = new Promise<void>((resolve) => run.proc.once('exit', () => resolve()));
  process.kill(-run.proc.pid, 'SIGTERM');
  const timer = setTimeout(() => run.proc.pid !== undefined && process.kill(-run.proc.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Class index per row: the value itself, or the argmax of a probability row. */
function classes(predictions: Array<number | number[]>): number[] {
  return predictions.map((p) => (Array.isArray(p) ? p.indexOf(Math.max(...p)) : Math.round(p)));
}

beforeAll(async () => {
  const log = (msg: string) => process.stdout.write(`${msg}\n`);
  const cacheDir = defaultCacheDir();
  envs = await ensurePythonEnvs({ cacheDir, log });
  mirror = await ensureModelMirror({ cacheDir, envs, log });
}, 30 * 60_000);

afterAll(async () => {
  await Promise.all(running.map(stop));
  if (measurements.length > 0) {
    const out = join(dirname(new URL(import.meta.url).pathname), '..', '..', '.out', 'model-servers.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(measurements, null, 2)}\n`);
    process.stdout.write(`model servers (spawn -> ready, RSS): ${JSON.stringify(measurements)}\n`);
  }
}, 60_000);

const cases: Array<{ runtime: RunnableRuntime; uri: string; name: string; v1: boolean }> = [
  {
    runtime: 'kserve-sklearnserver',
    uri: 'gs://kfserving-examples/models/sklearn/1.0/model',
    name: 'sklearn-iris',
    v1: true,
  },
  { runtime: 'kserve-sklearnserver', uri: 'gs://seldon-models/sklearn/iris', name: 'sklearn-irisv2', v1: true },
  { runtime: 'kserve-xgbserver', uri: 'gs://kfserving-examples/models/xgboost/iris', name: 'xgboost-iris', v1: true },
  { runtime: 'kserve-lgbserver', uri: 'gs://kfserving-examples/models/lightgbm/iris', name: 'lightgbm-iris', v1: true },
  { runtime: 'kserve-mlserver', uri: 'gs://seldon-models/sklearn/iris', name: 'mlserver-iris', v1: false },
  { runtime: 'kserve-mlserver', uri: 'gs://kfserving-examples/models/xgboost/iris', name: 'mlserver-xgb', v1: false },
  { runtime: 'kserve-mlserver', uri: 'gs://kfserving-examples/models/lightgbm/iris', name: 'mlserver-lgb', v1: false },
];

describe('model servers', () => {
  for (const c of cases) {
    it(`${c.runtime} serves ${c.uri}`, async () => {
      const run = await start(c.runtime, c.uri, c.name);
      if (run.proc.pid !== undefined)
        measurements.push({ runtime: `${c.runtime} ${c.uri}`, readyMs: run.readyMs, rssMiB: rssMiB(run.proc.pid) });

      if (c.v1) {
        const v1 = await post(run.port, `/v1/models/${c.name}:predict`, { instances: rows });
        expect(v1.status).toBe(200);
        expect(classes(v1Schema.parse(v1.json).predictions)).toEqual([1, 1]);
      }

      const v2 = await post(run.port, `/v2/models/${c.name}/infer`, v2Input);
      expect(v2.status).toBe(200);
      const body = v2Schema.parse(v2.json);
      expect(body.model_name).toBe(c.name);
      const out = body.outputs[0];
      expect(out).toBeDefined();
      if (out) {
        const perRow = out.shape.length === 2 && (out.shape[1] ?? 1) > 1 ? (out.shape[1] ?? 1) : 1;
        const rowsOut = Array.from({ length: out.data.length / perRow }, (_, i) =>
          perRow === 1 ? (out.data[i] ?? -1) : out.data.slice(i * perRow, (i + 1) * perRow),
        );
        expect(classes(rowsOut)).toEqual([1, 1]);
      }

      const meta = await fetch(`http://127.0.0.1:${run.port}/v2/models/${c.name}`);
      expect(meta.status).toBe(200);
      const metaBody = z.object({ name: z.string(), inputs: z.array(z.unknown()).optional() }).parse(await meta.json());
      expect(metaBody.name).toBe(c.name);
      if (c.runtime !== 'kserve-mlserver')
        expect(metaBody.inputs).toEqual([{ name: 'input-0', datatype: 'FP32', shape: [-1, 4] }]);

      const health = await fetch(`http://127.0.0.1:${run.port}/v2/health/ready`);
      expect(health.status).toBe(200);

      await stop(run);
      expect(run.proc.exitCode !== null || run.proc.signalCode !== null).toBe(true);
    }, 180_000);
  }

  it('exact V1 and V2 bodies for the sklearn sample (kserve-sklearnserver)', async () => {
    const run = await start('kserve-sklearnserver', 'gs://kfserving-examples/models/sklearn/1.0/model', 'sklearn-iris');
    const v1 = await post(run.port, '/v1/models/sklearn-iris:predict', { instances: rows });
    expect(v1.json).toEqual({ predictions: [1, 1] });
    const v2 = await post(run.port, '/v2/models/sklearn-iris/infer', v2Input);
    expect(v2.json).toMatchObject({
      model_name: 'sklearn-iris',
      outputs: [{ name: 'output-0', shape: [2], datatype: 'INT64', data: [1, 1] }],
    });
    const missing = await post(run.port, '/v1/models/other:predict', { instances: rows });
    expect(missing).toEqual({ status: 404, json: { error: 'Model with name other does not exist.' } });
    await stop(run);
  }, 180_000);
});
