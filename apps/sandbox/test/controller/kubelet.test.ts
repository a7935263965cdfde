/**
 * The kubelet against a fake apiserver, with a stand-in model server (a Node script in place of
 * kserve_server.py, run by node instead of python) and a stand-in storage initializer (KServe's storage code
 * needs the storage venv): init container, readiness, host ports, crash loop, image pull failure and graceful
 * deletion, as the status it writes shows them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod, V1PodStatus } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventRecorder } from '../../src/controller/events';
import { Kubelet } from '../../src/controller/kubelet';
import type { TypedKube } from '../../src/controller/typed-kube';
import { ephemeralPort } from '../../src/ports';

const ns = 'kubeflow-user-example-com';
const server = `
const port = Number(process.argv.find((a) => a.startsWith('--http_port='))?.split('=')[1]);
if (process.env.CRASH) { console.error('boom'); process.exit(3); }
const fs = require('node:fs');
const dir = process.argv.find((a) => a.startsWith('--model_dir='))?.split('=')[1];
const model = fs.readFileSync(dir + '/model.txt', 'utf8');
require('node:http').createServer((q, s) => {
  if (q.url === '/live' && process.env.LIVE_FAIL) s.statusCode = 500;
  s.end(model);
}).listen(port, '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
`;

type Call = { method: string; path: string; body: unknown };

function fakeClient(calls: Call[]): TypedKube {
  const ok = { ok: true as const, status: 200, body: {} };
  return {
    mergePatch: async (path: string, body: unknown) => {
      calls.push({ method: 'PATCH', path, body });
      return ok;
    },
    delete: async (path: string, body?: unknown) => {
      calls.push({ method: 'DELETE', path, body });
      return ok;
    },
    get: async () => ({ ok: false as const, status: 404, reason: 'NotFound', message: 'not found' }),
  } as unknown as TypedKube;
}

function pod(name: string, image: string, env: { name: string; value: string }[] = []): V1Pod {
  return {
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${name}`,
      generation: 1,
      labels: { 'serving.kserve.io/inferenceservice': name },
    },
    spec: {
      nodeName: 'sandbox-node',
      terminationGracePeriodSeconds: 5,
      initContainers: [
        {
          name: 'storage-initializer',
          image: 'kserve/storage-initializer:v0.20.0',
          args: ['gs://models/iris', '/mnt/models'],
          volumeMounts: [{ name: 'kserve-provision-location', mountPath: '/mnt/models' }],
        },
      ],
      containers: [
        {
          name: 'kserve-container',
          image,
          args: [`--model_name=${name}`, '--model_dir=/mnt/models', '--http_port=8080'],
          env,
          readinessProbe: { tcpSocket: { port: 8080 as unknown as never }, periodSeconds: 1 },
          volumeMounts: [{ name: 'kserve-provision-location', mountPath: '/mnt/models', readOnly: true }],
        },
      ],
      volumes: [{ name: 'kserve-provision-location', emptyDir: {} }],
    },
  };
}

let dir: string;
let calls: Call[];
let events: string[];
let kubelet: Kubelet;
let downloads: string[][];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelet-test-'));
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'scripts', 'kserve_server.py'), server);
  calls = [];
  events = [];
  downloads = [];
  kubelet = new Kubelet({
    client: fakeClient(calls),
    events: {
      emit: async (_o: unknown, _t: string, reason: string, message: string) => {
        events.push(`${reason}: ${message}`);
      },
    } as unknown as EventRecorder,
    stateDir: join(dir, 'state'),
    freePort: ephemeralPort,
    log: () => {},
    backoffCapSeconds: 1,
    python: () => ({ kserve: process.execPath, mlserver: process.execPath }),
    scriptsDir: join(dir, 'scripts'),
    storageInitializer: async (o) => {
      downloads.push([...o.args]);
      writeFileSync(join(o.mountDir, 'model.txt'), 'iris model');
      return { exitCode: 0, reason: 'Completed' };
    },
  });
});

afterEach(async () => {
  await kubelet.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

function statuses(name: string): V1PodStatus[] {
  return calls
    .filter((c) => c.method === 'PATCH' && c.path.endsWith(`/pods/${name}/status`))
    .map((c) => (c.body as { status: V1PodStatus }).status);
}

async function until<T>(what: string, f: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    })
      .on('error', reject)
      .end();
  });
}

describe('Kubelet', { timeout: 60_000 }, () => {
  it('runs the init container, then the server on a host port of its own, Ready after its readiness probe', async () => {
    kubelet.sync(pod('iris', 'kserve/sklearnserver:v0.20.0'));
    const first = await until('first status', () => statuses('iris')[0]);
    expect(first?.phase).toBe('Pending');
    expect(first?.initContainerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    const ready = await until('Ready', () =>
      statuses('iris').find((s) => s.conditions?.find((c) => c.type === 'Ready')?.status === 'True'),
    );
    expect(ready.phase).toBe('Running');
    expect(ready.observedGeneration).toBe(1);
    expect(ready.conditions?.find((c) => c.type === 'Ready')?.observedGeneration).toBe(1);
    expect(ready.podIP).toBe('127.0.0.1');
    expect(ready.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(ready.containerStatuses?.[0]).toMatchObject({ ready: true, started: true, restartCount: 0 });
    // a running, not yet probed container was reported unready first
    expect(
      statuses('iris').some((s) => s.containerStatuses?.[0]?.state?.running && !s.containerStatuses[0].ready),
    ).toBe(true);
    const port = kubelet.hostPort(ns, 'iris', 8080);
    expect(port).toBeGreaterThan(0);
    expect(await get(port ?? 0)).toBe('iris model'); // the model the init container put into /mnt/models
    expect(downloads[0]).toEqual(['gs://models/iris', '/mnt/models']);
    expect(kubelet.hostPort(ns, 'iris', 9999)).toBeUndefined();
  });

  it('restarts a crashing container with back-off: Error, then CrashLoopBackOff, restartCount growing', async () => {
    kubelet.sync(pod('crash', 'kserve/sklearnserver:v0.20.0', [{ name: 'CRASH', value: '1' }]));
    await until('restartCount 2', () =>
      statuses('crash').find((s) => (s.containerStatuses?.[0]?.restartCount ?? 0) >= 2),
    );
    const all = statuses('crash').map((s) => s.containerStatuses?.[0]);
    expect(all.some((c) => c?.state?.terminated?.exitCode === 3 && c.state.terminated.reason === 'Error')).toBe(true);
    const loop = all.find((c) => c?.state?.waiting?.reason === 'CrashLoopBackOff');
    expect(loop?.state?.waiting?.message).toMatch(
      /^back-off 1s restarting failed container=kserve-container pod=crash_/,
    );
    expect(loop?.lastState?.terminated?.exitCode).toBe(3);
    expect(statuses('crash').every((s) => s.conditions?.find((c) => c.type === 'Ready')?.status === 'False')).toBe(
      true,
    );
  });

  it('restarts a container whose liveness probe fails, with Unhealthy and Killing events', async () => {
    const p = pod('live', 'kserve/sklearnserver:v0.20.0', [{ name: 'LIVE_FAIL', value: '1' }]);
    const c = p.spec?.containers[0];
    if (!c) throw new Error('no container');
    c.livenessProbe = {
      httpGet: { path: '/live', port: 8080 as unknown as never },
      initialDelaySeconds: 1,
      periodSeconds: 1,
      failureThreshold: 2,
    };
    kubelet.sync(p);
    await until('a restart', () => statuses('live').find((s) => (s.containerStatuses?.[0]?.restartCount ?? 0) >= 1));
    expect(events).toContain('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(events).toContain('Killing: Container kserve-container failed liveness probe, will be restarted');
    expect(
      statuses('live').some((s) => s.containerStatuses?.[0]?.lastState?.terminated?.finishedAt !== undefined),
    ).toBe(true);
  });

  it("after a kubelet restart keeps unchanged conditions' transition times and stamps the ones that change", async () => {
    const t0 = new Date('2026-12-01T10:00:00Z');
    const p = pod('again', 'kserve/sklearnserver:v0.20.0');
    p.status = {
      startTime: t0,
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: t0 },
        { type: 'Ready', status: 'True', lastTransitionTime: t0 },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: t0 },
      ],
      containerStatuses: [{ name: 'kserve-container', image: 'x', imageID: '', ready: true, restartCount: 2 }],
    };
    kubelet.sync(p);
    const first = await until('first status', () => statuses('again')[0]);
    const cond = (type: string) => first.conditions?.find((c) => c.type === type);
    expect(new Date(String(cond('PodReadyToStartContainers')?.lastTransitionTime)).getTime()).toBe(t0.getTime());
    expect(cond('Ready')?.status).toBe('False');
    expect(new Date(String(cond('Ready')?.lastTransitionTime)).getTime()).toBeGreaterThan(t0.getTime());
    expect(first.containerStatuses?.[0]?.restartCount).toBe(3); // its process died with the old kubelet
  });

  it('reports ErrImagePull, then ImagePullBackOff, for an image it has no process for', async () => {
    kubelet.sync(pod('tf', 'tensorflow/serving:2.6.2'));
    const backoff = await until('ImagePullBackOff', () =>
      statuses('tf').find((s) => s.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff'),
    );
    expect(backoff.phase).toBe('Pending');
    expect(statuses('tf').some((s) => s.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImagePull')).toBe(true);
  });

  it('on deletion stops the processes (SIGTERM) and deletes the Pod with grace 0 and its uid', async () => {
    const p = pod('gone', 'kserve/sklearnserver:v0.20.0');
    kubelet.sync(p);
    await until('Ready', () =>
      statuses('gone').find((s) => s.conditions?.find((c) => c.type === 'Ready')?.status === 'True'),
    );
    const port = kubelet.hostPort(ns, 'gone', 8080) ?? 0;
    kubelet.sync({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(), deletionGracePeriodSeconds: 5 } });
    const del = await until('delete', () => calls.find((c) => c.method === 'DELETE'));
    expect(del.path).toBe(`/api/v1/namespaces/${ns}/pods/gone?gracePeriodSeconds=0`);
    expect(del.body).toMatchObject({ gracePeriodSeconds: 0, preconditions: { uid: 'uid-gone' } });
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(kubelet.hostPort(ns, 'gone', 8080)).toBeUndefined();
  });
});
