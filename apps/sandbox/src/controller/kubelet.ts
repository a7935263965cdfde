/**
 * The sandbox kubelet: runs the Pods bound to `sandbox-node` as local processes — the storage initializer
 * (resolving the model), then the model server on a free 127.0.0.1 port — and reports what really happens
 * (Pending/Running, readiness from the server's health endpoint, exits, CrashLoopBackOff) as Pod status
 * and Events. Logs go to CRI-format files served by the kubelet API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, type WriteStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { V1Pod } from '@kubernetes/client-node';
import type { EventRecorder, Involved } from './events';
import type { ProtocolVersion, RuntimeRef } from './kserve-types';
import { type KubeClient, nsPath } from './kube-client';
import { kserveContainerName, nodeName, storageUriAnnotation } from './names';
import {
  backoffSeconds,
  type ContainerState,
  conditionTruths,
  type PodState,
  podReady,
  podStatus,
  type Terminated,
} from './pod-status';
import type { RuntimeAdapter } from './runtime-adapter';
import { classifyStorageUri } from './storage';

export type PodPlan =
  | { kind: 'model'; runtime: RuntimeRef; modelName: string; protocol: ProtocolVersion }
  | { kind: 'unrunnable'; reason: string; message: string };

export type KubeletDeps = {
  client: KubeClient;
  events: EventRecorder;
  stateDir: string;
  runtimes: RuntimeAdapter;
  planFor: (pod: V1Pod) => PodPlan | undefined;
  onChange: (pod: V1Pod) => void;
  freePort: () => Promise<number>;
  log: (msg: string) => void;
  backoffCapSeconds?: number;
};

const kubeletSource = { component: 'kubelet', host: nodeName };

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One line in a CRI log file: `<RFC3339Nano> <stream> F <text>`. */
export function criLine(stream: 'stdout' | 'stderr', text: string, at = new Date()): string {
  return `${at.toISOString()} ${stream} F ${text}\n`;
}

export class ContainerLog {
  constructor(readonly dir: string) {}
  file(restart: number): string {
    return join(this.dir, `${restart}.log`);
  }
  open(restart: number): WriteStream {
    mkdirSync(this.dir, { recursive: true });
    return createWriteStream(this.file(restart), { flags: 'a' });
  }
}

type Run = {
  pod: V1Pod;
  key: string;
  state: PodState;
  abort: AbortController;
  proc?: ChildProcess | undefined;
  port?: number;
  logs: Record<string, ContainerLog>;
  writeChain: Promise<void>;
  truths: Record<string, boolean>;
  stopping: boolean;
  done: Promise<void>;
};

export type Endpoint = { namespace: string; pod: string; labels: Record<string, string>; port: number };

export class Kubelet {
  private readonly runs = new Map<string, Run>();
  private quiet = false;
  constructor(private readonly d: KubeletDeps) {}

  private key(pod: V1Pod): string {
    return `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
  }

  /** Called for every add/update of a Pod bound to this node. */
  sync(pod: V1Pod): void {
    if (pod.spec?.nodeName !== nodeName) return;
    const key = this.key(pod);
    const run = this.runs.get(key);
    if (pod.metadata?.deletionTimestamp) {
      if (run) {
        run.pod = pod;
        void this.terminate(run, true);
      } else void this.forceDelete(pod);
      return;
    }
    if (run) {
      run.pod = pod;
      return;
    }
    this.start(pod);
  }

  /** Called when a Pod object is gone (deleted with grace 0 by someone). */
  forget(pod: V1Pod): void {
    const run = this.runs.get(this.key(pod));
    if (run) void this.terminate(run, false);
  }

  /** Ready model-server endpoints (pods whose every container is ready). */
  endpoints(): Endpoint[] {
    const out: Endpoint[] = [];
    for (const r of this.runs.values()) {
      if (r.stopping || r.port === undefined || !podReady(r.state)) continue;
      out.push({
        namespace: r.pod.metadata?.namespace ?? '',
        pod: r.pod.metadata?.name ?? '',
        labels: r.pod.metadata?.labels ?? {},
        port: r.port,
      });
    }
    return out;
  }

  /** Log file of a container (current or previous instance), for the kubelet API. */
  logFile(namespace: string, podName: string, container: string, previous: boolean): string | undefined {
    for (const r of this.runs.values()) {
      if (r.pod.metadata?.namespace !== namespace || r.pod.metadata?.name !== podName) continue;
      const log = r.logs[container];
      const cs = [...r.state.init, ...r.state.containers].find((c) => c.name === container);
      if (!log || !cs) return undefined;
      const n = previous ? cs.restartCount - 1 : cs.restartCount;
      if (n < 0) return undefined;
      const f = log.file(n);
      return existsSync(f) ? f : undefined;
    }
    return undefined;
  }

  /** Whether the container's current instance may still write (for `follow`). */
  isLive(namespace: string, podName: string, container: string, file: string): boolean {
    for (const r of this.runs.values()) {
      if (r.pod.metadata?.namespace !== namespace || r.pod.metadata?.name !== podName) continue;
      return !r.stopping && this.logFile(namespace, podName, container, false) === file;
    }
    return false;
  }

  /** Shutdown: stops every process without writing anything to the apiserver. */
  async stopAll(): Promise<void> {
    this.quiet = true;
    await Promise.all([...this.runs.values()].map((r) => this.terminate(r, false)));
  }

  private involved(run: Run, container?: string): Involved {
    const o: Involved = {
      apiVersion: 'v1',
      kind: 'Pod',
      name: run.pod.metadata?.name ?? '',
      namespace: run.pod.metadata?.namespace ?? '',
      uid: run.pod.metadata?.uid ?? '',
    };
    if (container) {
      const init = run.pod.spec?.initContainers?.findIndex((c) => c.name === container) ?? -1;
      o.fieldPath = init >= 0 ? `spec.initContainers{${container}}` : `spec.containers{${container}}`;
    }
    return o;
  }

  private event(run: Run, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    if (this.quiet) return;
    void this.d.events.emit(this.involved(run, container), type, reason, message, kubeletSource).catch(() => {});
  }

  private start(pod: V1Pod): void {
    const key = this.key(pod);
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const uid = pod.metadata?.uid ?? '';
    const prior = pod.status?.containerStatuses ?? [];
    const priorInit = pod.status?.initContainerStatuses ?? [];
    const startTime = pod.status?.startTime ? new Date(pod.status.startTime as unknown as string).toISOString() : now();
    const mk = (
      c: { name: string; image?: string | undefined },
      prev: typeof prior,
      reason: string,
    ): ContainerState => {
      const p = prev.find((x) => x.name === c.name);
      return {
        name: c.name,
        image: c.image ?? '',
        restartCount: p ? p.restartCount + 1 : 0,
        ready: false,
        started: false,
        state: { kind: 'waiting', reason },
      };
    };
    const init = (pod.spec?.initContainers ?? []).map((c) => mk(c, priorInit, 'PodInitializing'));
    const containers = (pod.spec?.containers ?? []).map((c) =>
      mk(c, prior, init.length > 0 ? 'PodInitializing' : 'ContainerCreating'),
    );
    const logsRoot = join(this.d.stateDir, 'logs', 'pods', `${ns}_${name}_${uid}`);
    const logs: Record<string, ContainerLog> = {};
    for (const c of [...init, ...containers]) logs[c.name] = new ContainerLog(join(logsRoot, c.name));
    const state: PodState = {
      startTime: startTime.replace(/\.\d{3}Z$/, 'Z'),
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      transitions: {},
      init,
      containers,
      initialized: init.length === 0,
      qosClass: pod.status?.qosClass,
    };
    const run: Run = {
      pod,
      key,
      state,
      abort: new AbortController(),
      logs,
      writeChain: Promise.resolve(),
      truths: conditionTruths(state),
      stopping: false,
      done: Promise.resolve(),
    };
    this.runs.set(key, run);
    if (!pod.status?.startTime) {
      void this.d.events
        .emit(this.involved(run), 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${nodeName}`, {
          component: 'default-scheduler',
        })
        .catch(() => {});
    }
    this.publish(run);
    run.done = this.runPod(run).catch((err: unknown) => {
      this.d.log(`pod ${ns}/${name}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Writes the pod status (serialised per pod) and tells the controller. */
  private publish(run: Run): void {
    const truths = conditionTruths(run.state);
    const t = now();
    for (const [k, v] of Object.entries(truths)) if (run.truths[k] !== v) run.state.transitions[k] = t;
    run.truths = truths;
    const status = podStatus(run.state);
    const ns = run.pod.metadata?.namespace ?? '';
    const name = run.pod.metadata?.name ?? '';
    run.writeChain = run.writeChain.then(async () => {
      if (this.quiet || run.stopping) return;
      const r = await this.d.client.mergePatch(nsPath('', 'v1', ns, 'pods', name, 'status'), {
        metadata: { uid: run.pod.metadata?.uid },
        status,
      });
      if (!r.ok && r.status !== 404 && r.status !== 409) this.d.log(`pod ${ns}/${name} status: ${r.message}`);
      this.d.onChange(run.pod);
    });
  }

  private async runPod(run: Run): Promise<void> {
    const signal = run.abort.signal;
    const pod = run.pod;
    // init containers
    for (const c of run.state.init) {
      let failures = 0;
      while (!signal.aborted) {
        const ok = await this.runStorageInitializer(run, c);
        if (signal.aborted) return;
        if (ok) break;
        failures += 1;
        await this.crashLoop(run, c, failures);
      }
    }
    if (signal.aborted) return;
    run.state.initialized = true;
    for (const c of run.state.containers) {
      if (c.state.kind === 'waiting') c.state = { kind: 'waiting', reason: 'ContainerCreating' };
    }
    this.publish(run);
    const plan = this.d.planFor(pod);
    const main = run.state.containers.find((c) => c.name === kserveContainerName) ?? run.state.containers[0];
    if (!main) return;
    if (!plan) {
      main.state = { kind: 'waiting', reason: 'CreateContainerConfigError', message: 'no serving plan for this pod' };
      this.publish(run);
      return;
    }
    if (plan.kind === 'unrunnable') {
      this.unrunnable(run, main, plan.reason, plan.message);
      return;
    }
    const why = await this.d.runtimes.unrunnableReason(plan.runtime);
    if (why) {
      this.unrunnable(run, main, why.reason, why.message);
      return;
    }
    const modelDir = await this.modelDir(run);
    let failures = 0;
    while (!signal.aborted) {
      const startedAt = Date.now();
      const code = await this.runServer(run, main, plan, modelDir);
      if (signal.aborted) return;
      // a container that ran for 10 minutes resets the back-off, as the kubelet does
      failures = Date.now() - startedAt > 600_000 ? 1 : failures + 1;
      if (code === undefined) return;
      await this.crashLoop(run, main, failures);
    }
  }

  private unrunnable(run: Run, c: ContainerState, reason: string, message: string): void {
    c.state = { kind: 'waiting', reason, message };
    this.event(run, 'Warning', 'Failed', `Error: ${reason}: ${message}`, c.name);
    this.publish(run);
  }

  private async modelDir(run: Run): Promise<string> {
    const uri = run.pod.metadata?.annotations?.[storageUriAnnotation];
    if (!uri) return join(this.d.stateDir, 'empty-model');
    const target = classifyStorageUri(uri, this.d.stateDir, run.pod.metadata?.namespace ?? '');
    if (target.kind === 'local') return target.path;
    if (target.kind === 'remote') return this.d.runtimes.resolveRemote(uri, run.pod.metadata?.namespace ?? '');
    throw new Error(target.message);
  }

  private pulled(run: Run, c: ContainerState): void {
    this.event(run, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c.name);
    this.event(run, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.event(run, 'Normal', 'Started', `Started container ${c.name}`, c.name);
  }

  /** Runs the storage initializer once; true when the model is in place. */
  private async runStorageInitializer(run: Run, c: ContainerState): Promise<boolean> {
    const uri = run.pod.metadata?.annotations?.[storageUriAnnotation] ?? '';
    const containerID = `containerd://${run.pod.metadata?.uid}-${c.name}-${c.restartCount}`;
    const startedAt = now();
    this.pulled(run, c);
    c.state = { kind: 'running', startedAt, containerID };
    c.started = true;
    this.publish(run);
    const out = run.logs[c.name]?.open(c.restartCount);
    const write = (s: string) => out?.write(criLine('stderr', s));
    write(`INFO:root:Initializing, args: src_uri [${uri}] dest_path[ [/mnt/models]`);
    write(`INFO:kserve.storage:Copying contents of ${uri} to local`);
    let exit: Terminated;
    try {
      const dir = await this.modelDir(run);
      if (!existsSync(dir) || (!statSync(dir).isDirectory() && !statSync(dir).isFile())) {
        throw new Error(`[Errno 2] No such file or directory: '${dir}'`);
      }
      write(`INFO:kserve.storage:Successfully copied ${uri} to /mnt/models`);
      exit = { exitCode: 0, reason: 'Completed', startedAt, finishedAt: now(), containerID };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      for (const line of `Traceback (most recent call last):\n  File "/storage-initializer/scripts/initializer-entrypoint", line 16, in <module>\n    kserve.Storage.download(src_uri, dest_path)\nRuntimeError: ${msg}`.split(
        '\n',
      )) {
        write(line);
      }
      exit = { exitCode: 1, reason: 'Error', message: msg, startedAt, finishedAt: now(), containerID };
    }
    await new Promise<void>((resolve) => (out ? out.end(resolve) : resolve()));
    c.state = { kind: 'terminated', terminated: exit };
    c.started = false;
    this.publish(run);
    return exit.exitCode === 0;
  }

  private async crashLoop(run: Run, c: ContainerState, failures: number): Promise<void> {
    const signal = run.abort.signal;
    await sleep(1500, signal); // the terminated state is visible for a moment (Error / Init:Error)
    if (signal.aborted) return;
    const term = c.state.kind === 'terminated' ? c.state.terminated : c.lastTerminated;
    if (term) c.lastTerminated = term;
    const secs = backoffSeconds(failures, this.d.backoffCapSeconds ?? 80);
    const podRef = `${run.pod.metadata?.name}_${run.pod.metadata?.namespace}(${run.pod.metadata?.uid})`;
    c.state = {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${secs}s restarting failed container=${c.name} pod=${podRef}`,
    };
    c.ready = false;
    this.event(run, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef}`, c.name);
    this.publish(run);
    await sleep(secs * 1000, signal);
    if (signal.aborted) return;
    c.restartCount += 1;
  }

  /** Spawns the model server; resolves with its exit code (undefined when stopped by us). */
  private async runServer(run: Run, c: ContainerState, plan: Extract<PodPlan, { kind: 'model' }>, modelDir: string) {
    const signal = run.abort.signal;
    const port = await this.d.freePort();
    const workDir = join(this.d.stateDir, 'work', `${run.pod.metadata?.namespace}_${run.pod.metadata?.name}`);
    mkdirSync(workDir, { recursive: true });
    let cmd: Awaited<ReturnType<RuntimeAdapter['serverCommand']>>;
    try {
      cmd = await this.d.runtimes.serverCommand({
        runtime: plan.runtime,
        modelName: plan.modelName,
        modelDir,
        port,
        protocol: plan.protocol,
        workDir,
        env: Object.fromEntries(
          (run.pod.spec?.containers.find((x) => x.name === c.name)?.env ?? []).flatMap((e) =>
            e.value !== undefined ? [[e.name, e.value]] : [],
          ),
        ),
      });
    } catch (err) {
      this.unrunnable(run, c, 'CreateContainerError', err instanceof Error ? err.message : String(err));
      return undefined;
    }
    if (signal.aborted) return undefined;
    const containerID = `containerd://${run.pod.metadata?.uid}-${c.name}-${c.restartCount}`;
    const out = run.logs[c.name]?.open(c.restartCount);
    const startedAt = now();
    const proc = spawn(cmd.command, cmd.args, {
      cwd: cmd.cwd ?? workDir,
      env: { ...process.env, ...cmd.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    run.proc = proc;
    run.port = port;
    const pipe = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
      if (!stream) return;
      createInterface({ input: stream }).on('line', (line) => out?.write(criLine(name, line)));
    };
    pipe(proc.stdout, 'stdout');
    pipe(proc.stderr, 'stderr');
    const exited = new Promise<{ code: number; signal: string | null }>((resolve) => {
      proc.on('exit', (code, sig) =>
        resolve({ code: code ?? 128 + (sig ? (osConstants.signals[sig] ?? 15) : 1), signal: sig }),
      );
      proc.on('error', (err) => {
        out?.write(criLine('stderr', `exec failed: ${err.message}`));
        resolve({ code: 128, signal: null });
      });
    });
    this.event(run, 'Normal', 'Pulling', `Pulling image "${c.image}"`, c.name);
    this.event(run, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in 0s (0s including waiting)`, c.name);
    this.event(run, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.event(run, 'Normal', 'Started', `Started container ${c.name}`, c.name);
    c.state = { kind: 'running', startedAt, containerID };
    c.started = true;
    c.ready = false;
    this.publish(run);
    const probeStop = new AbortController();
    void this.probe(run, c, port, cmd.readinessPath ?? '/v2/health/ready', probeStop.signal);
    const { code } = await exited;
    probeStop.abort();
    run.proc = undefined;
    await new Promise<void>((resolve) => (out ? out.end(resolve) : resolve()));
    if (run.stopping) return undefined;
    c.ready = false;
    c.started = false;
    c.state = {
      kind: 'terminated',
      terminated: {
        exitCode: code,
        reason: code === 0 ? 'Completed' : 'Error',
        startedAt,
        finishedAt: now(),
        containerID,
      },
    };
    this.publish(run);
    return code;
  }

  private async probe(run: Run, c: ContainerState, port: number, path: string, signal: AbortSignal): Promise<void> {
    let failures = 0;
    let reported = false;
    while (!signal.aborted && !run.abort.signal.aborted) {
      const ok = await httpOk(port, path);
      if (signal.aborted || run.abort.signal.aborted) return;
      if (ok) {
        failures = 0;
        if (!c.ready) {
          c.ready = true;
          this.publish(run);
        }
      } else if (c.ready) {
        failures += 1;
        if (failures >= 3) {
          c.ready = false;
          this.event(run, 'Warning', 'Unhealthy', `Readiness probe failed: GET ${path} did not answer 200`, c.name);
          this.publish(run);
        }
      } else if (!reported && failures++ > 60) {
        reported = true;
      }
      await sleep(c.ready ? 5000 : 500, signal);
    }
  }

  /** Stops the pod's processes; with `deleteObject`, finishes a graceful deletion (grace 0). */
  private async terminate(run: Run, deleteObject: boolean): Promise<void> {
    if (run.stopping) return;
    run.stopping = true;
    run.abort.abort();
    const proc = run.proc;
    for (const c of run.state.containers) {
      if (c.state.kind === 'running') this.event(run, 'Normal', 'Killing', `Stopping container ${c.name}`, c.name);
    }
    if (proc?.pid !== undefined && proc.exitCode === null) await killGroup(proc);
    await run.done;
    await run.writeChain;
    this.runs.delete(run.key);
    if (deleteObject) await this.forceDelete(run.pod);
  }

  private async forceDelete(pod: V1Pod): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    await this.d.client.delete(`${nsPath('', 'v1', ns, 'pods', name)}?gracePeriodSeconds=0`, {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      preconditions: { uid: pod.metadata?.uid },
    });
  }
}

/** SIGTERM to the process group, SIGKILL after 5 s. */
export async function killGroup(proc: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = proc.pid;
  if (pid === undefined) return;
  const gone = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    proc.once('exit', () => resolve());
  });
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await gone;
  clearTimeout(timer);
  try {
    process.kill(-pid, 'SIGKILL'); // stragglers in the group (workers)
  } catch {
    /* none left */
  }
}

function httpOk(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
