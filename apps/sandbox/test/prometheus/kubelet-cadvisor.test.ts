/**
 * The kubelet's per-container process groups feed /metrics/cadvisor: a running stand-in model server shows
 * up with its namespace, pod and container, CPU seconds and resident memory from /proc.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecorder } from '../../src/controller/events';
import { Kubelet } from '../../src/controller/kubelet';
import type { TypedKube } from '../../src/controller/typed-kube';
import { ephemeralPort } from '../../src/ports';
import { cadvisorText, readProc } from '../../src/prometheus/cadvisor';

const ns = 'team';
const server = `
const port = Number(process.argv.find((a) => a.startsWith('--http_port='))?.split('=')[1]);
let x = 0; for (let i = 0; i < 3e7; i++) x += i; // some CPU
require('node:http').createServer((q, s) => s.end('ok')).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const client = {
  mergePatch: async () => ({ ok: true, status: 200, body: {} }),
  delete: async () => ({ ok: true, status: 200, body: {} }),
  get: async () => ({ ok: false, status: 404, reason: 'NotFound', message: 'not found' }),
} as unknown as TypedKube;

const pod: V1Pod = {
  metadata: { name: 'iris-predictor-abc', namespace: ns, uid: 'uid-1' },
  spec: {
    nodeName: 'sandbox-node',
    terminationGracePeriodSeconds: 2,
    containers: [
      {
        name: 'kserve-container',
        image: 'kserve/sklearnserver:v0.20.0',
        args: ['--model_name=iris', '--http_port=8080'],
      },
    ],
  },
};

let dir = '';
let kubelet: Kubelet | undefined;
afterEach(async () => {
  await kubelet?.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubelet /metrics/cadvisor source', { timeout: 60_000 }, () => {
  it("lists each running container's process group, which cadvisorText turns into CPU and memory", async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelet-cadvisor-'));
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'scripts', 'kserve_server.py'), server);
    kubelet = new Kubelet({
      client,
      events: { emit: async () => {} } as unknown as EventRecorder,
      stateDir: join(dir, 'state'),
      freePort: ephemeralPort,
      log: () => {},
      backoffCapSeconds: 1,
      python: () => ({ kserve: process.execPath, mlserver: process.execPath }),
      scriptsDir: join(dir, 'scripts'),
    });
    kubelet.sync(pod);
    const end = Date.now() + 30_000;
    let text = '';
    while (Date.now() < end) {
      const procs = kubelet.containerProcesses();
      text = cadvisorText(procs, readProc());
      const cpu = /container_cpu_usage_seconds_total\{[^}]*pod="iris-predictor-abc"[^}]*\} ([\d.e-]+)/.exec(text);
      if (procs.length === 1 && cpu && Number(cpu[1]) > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(kubelet.containerProcesses()).toEqual([
      { namespace: ns, pod: 'iris-predictor-abc', container: 'kserve-container', pgid: expect.any(Number) },
    ]);
    const cpu =
      /container_cpu_usage_seconds_total\{container="kserve-container",namespace="team",pod="iris-predictor-abc",cpu="total"\} (\S+)/.exec(
        text,
      );
    expect(Number(cpu?.[1])).toBeGreaterThan(0);
    const mem = /container_memory_working_set_bytes\{[^}]*\} (\d+)/.exec(text);
    expect(Number(mem?.[1])).toBeGreaterThan(1024 * 1024);
  });
});
