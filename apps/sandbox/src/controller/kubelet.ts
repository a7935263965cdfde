/**
 * The sandbox kubelet: runs the Pods bound to `sandbox-node` as local processes, driven only by the Pod spec
 * (image -> process in image-map.ts, volumes -> host folders in volumes.ts, probes in probes.ts), and reports
 * what really happens as Pod status and Events, as a kubelet does: init containers in order, then the
 * containers; each container port gets a host port of its own on 127.0.0.1 (`hostPort`); readiness, liveness
 * and startup probes from the spec; restarts with back-off (CrashLoopBackOff); graceful deletion (SIGTERM,
 * the grace period, SIGKILL, then the Pod deleted with grace 0). Logs go to CRI-format files served by the
 * kubelet API.
 * Over 300 lines (about 770): the Pod lifecycle is one state machine (sync loop, container start and restart,
 * status and events) whose steps share the running processes' table; the image map, volumes, probes, the node and
 * the kubelet's HTTPS API are already files of their own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { V1Container, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { llmEnvLocation } from '../llmisvc/python-env';
import { cacheDir } from '../paths';
import type { SandboxRouter } from '../router/router-launch';
import { existingPythonEnvs, pythonScriptsDir } from '../runtimes';
import { runStorageInitializer, type StorageInitializerOptions, type StorageInitializerResult } from '../storage';
import type { EventRecorder, Involved } from './events';
import {
  containerEnv,
  containerPorts,
  type EnvSources,
  imageKind,
  imagePullFailure,
  launchFor,
  type PodRef,
} from './image-map';
import { nodeName } from './names';
import { backoffSeconds, type ContainerState, conditionTruths, type PodState, podStatus } from './pod-status';
import { checkProbe, ProbeCounter, type ProbeKind, probeSpec } from './probes';
import { nsPath, type TypedKube } from './typed-kube';
import { hostPathIn, missingVolumes, type VolumeDirs, volumeDirs } from './volumes';

export type KubeletDeps = {
  client: TypedKube;
  events: EventRecorder;
  stateDir: string;
  freePort: () => Promise<number>;
  log: (msg: string) => void;
  /** Crash-loop back-off cap (the kubelet's is 300 s). */
  backoffCapSeconds?: number;
  /** Python interpreters of the two venvs (default: the built venvs in the cache). */
  python?: () => { kserve: string; mlserver: string; openai?: string | undefined };
  /** `status.podIP` of every pod (pod-ip.ts; the apiserver refuses loopback addresses in EndpointSlices). */
  podIP?: string;
  /** Folder of kserve_server.py and mlserver_launcher.py (default apps/sandbox/python). */
  scriptsDir?: string;
  /** KServe's router for InferenceGraph pods (src/router/router-launch.ts). */
  router?: SandboxRouter | undefined;
  /** Runs a `storage-initializer` init container (default: KServe's storage code, `runStorageInitializer`). */
  storageInitializer?: (o: StorageInitializerOptions) => Promise<StorageInitializerResult>;
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

function containerId(uid: string, name: string, restart: number): string {
  return `containerd://${createHash('sha256').update(`${uid}/${name}/${restart}`).digest('hex')}`;
}

type Run = {
  pod: V1Pod;
  key: string;
  state: PodState;
  abort: AbortController;
  procs: Map<string, ChildProcess>;
  /** containerPort -> host port, for the pod's lifetime (like a pod IP). */
  ports: Map<number, number>;
  dirs: VolumeDirs;
  podDir: string;
  logs: Record<string, ContainerLog>;
  writeChain: Promise<void>;
  truths: Record<string, boolean>;
  stopping: boolean;
  done: Promise<void>;
};

export type PodPorts = {
  namespace: string;
  name: string;
  uid: string;
  ports: { containerPort: number; hostPort: number }[];
};

export class Kubelet {
  private readonly runs = new Map<string, Run>();
  private quiet = false;
  constructor(private readonly d: KubeletDeps) {}

  private key(pod: V1Pod): string {
    return `${pod.metadata?.namespace}/${pod.metadata?.name}/${pod.metadata?.uid}`;
  }

  /** Called for every add/update of a Pod; acts on the ones bound to this node. */
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

  /** The host port of a pod's container port, while the pod runs here. */
  hostPort(namespace: string, podName: string, containerPort: number): number | undefined {
    for (const r of this.runs.values()) {
      if (r.stopping || r.pod.metadata?.namespace !== namespace || r.pod.metadata?.name !== podName) continue;
      return r.ports.get(containerPort);
    }
    return undefined;
  }

  /** Every running container's process group (the kubelet spawns each detached): for /metrics/cadvisor. */
  containerProcesses(): { namespace: string; pod: string; container: string; pgid: number }[] {
    const out: { namespace: string; pod: string; container: string; pgid: number }[] = [];
    for (const r of this.runs.values()) {
      for (const [container, proc] of r.procs) {
        if (proc.pid === undefined || proc.exitCode !== null) continue;
        out.push({
          namespace: r.pod.metadata?.namespace ?? '',
          pod: r.pod.metadata?.name ?? '',
          container,
          pgid: proc.pid,
        });
      }
    }
    return out;
  }

  /** Every running pod's container ports and their host ports on 127.0.0.1. */
  portMap(): PodPorts[] {
    return [...this.runs.values()]
      .filter((r) => !r.stopping)
      .map((r) => ({
        namespace: r.pod.metadata?.namespace ?? '',
        name: r.pod.metadata?.name ?? '',
        uid: r.pod.metadata?.uid ?? '',
        ports: [...r.ports].map(([containerPort, hostPort]) => ({ containerPort, hostPort })),
      }));
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
      const init = run.pod.spec?.initContainers?.some((c) => c.name === container);
      o.fieldPath = init ? `spec.initContainers{${container}}` : `spec.containers{${container}}`;
    }
    return o;
  }

  private event(run: Run, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    if (this.quiet) return;
    void this.d.events.emit(this.involved(run, container), type, reason, message, kubeletSource).catch(() => {});
  }

  private podRef(run: Run): PodRef {
    const m = run.pod.metadata;
    return {
      name: m?.name ?? '',
      namespace: m?.namespace ?? '',
      uid: m?.uid ?? '',
      labels: m?.labels ?? {},
      annotations: m?.annotations ?? {},
      podIP: run.state.podIP,
      hostIP: run.state.hostIP,
      nodeName,
      serviceAccountName: run.pod.spec?.serviceAccountName ?? 'default',
    };
  }

  private start(pod: V1Pod): void {
    const key = this.key(pod);
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const uid = pod.metadata?.uid ?? '';
    const prior = pod.status?.containerStatuses ?? [];
    const priorInit = pod.status?.initContainerStatuses ?? [];
    const startTime = pod.status?.startTime ? new Date(pod.status.startTime as unknown as string).toISOString() : now();
    const mk = (c: V1Container, prev: typeof prior, reason: string): ContainerState => {
      const p = prev.find((x) => x.name === c.name);
      return {
        name: c.name,
        image: c.image ?? '',
        // the processes died with the previous kubelet: that counts as a restart
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
    // A pod this kubelet ran before a restart keeps its conditions' transition times until they change.
    const priorTruths: Record<string, boolean> = {};
    const priorTransitions: Record<string, string> = {};
    for (const c of pod.status?.conditions ?? []) {
      if (c.type === 'PodScheduled') continue;
      priorTruths[c.type] = c.status === 'True';
      if (c.lastTransitionTime) {
        priorTransitions[c.type] = new Date(c.lastTransitionTime as unknown as string)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z');
      }
    }
    const logsRoot = join(this.d.stateDir, 'logs', 'pods', `${ns}_${name}_${uid}`);
    const logs: Record<string, ContainerLog> = {};
    for (const c of [...init, ...containers]) logs[c.name] = new ContainerLog(join(logsRoot, c.name));
    const state: PodState = {
      startTime: startTime.replace(/\.\d{3}Z$/, 'Z'),
      hostIP: '127.0.0.1',
      podIP: this.d.podIP ?? '127.0.0.1',
      transitions: priorTransitions,
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
      procs: new Map(),
      ports: new Map(),
      dirs: {},
      podDir: join(this.d.stateDir, 'pods', uid),
      logs,
      writeChain: Promise.resolve(),
      truths: { ...conditionTruths(state), ...priorTruths },
      stopping: false,
      done: Promise.resolve(),
    };
    this.runs.set(key, run);
    this.publish(run);
    run.done = this.runPod(run).catch((err: unknown) => {
      this.d.log(`pod ${ns}/${name}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Writes the pod status (serialised per pod), keeping conditions the kubelet does not own. */
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
      // PodObservedGenerationTracking (on in v1.36): the generation this status was written for
      const generation = run.pod.metadata?.generation;
      const ours = (status.conditions ?? []).map((c) => (generation ? { ...c, observedGeneration: generation } : c));
      status.conditions = mergeConditions(ours, run.pod.status?.conditions ?? []);
      if (generation) status.observedGeneration = generation;
      const r = await this.d.client.mergePatch(nsPath('', 'v1', ns, 'pods', name, 'status'), {
        metadata: { uid: run.pod.metadata?.uid },
        status,
      });
      if (!r.ok && r.status !== 404 && r.status !== 409) this.d.log(`pod ${ns}/${name} status: ${r.message}`);
    });
  }

  /** Host folders of the pod's volumes; PersistentVolumeClaims through their bound PersistentVolume. */
  private async mountVolumes(run: Run): Promise<boolean> {
    const ns = run.pod.metadata?.namespace ?? '';
    const claims: Record<string, string | undefined> = {};
    for (const v of run.pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim) claims[claim] = await this.claimPath(ns, claim);
    }
    run.dirs = volumeDirs(run.pod.spec?.volumes, run.podDir, (c) => claims[c]);
    const missing = missingVolumes(run.pod.spec?.volumes, run.dirs);
    if (missing.length > 0) {
      this.event(
        run,
        'Warning',
        'FailedMount',
        `MountVolume.SetUp failed for volume "${missing[0]}" : persistentvolumeclaim is not bound to a PersistentVolume with a host path`,
      );
      return false;
    }
    for (const v of run.pod.spec?.volumes ?? []) {
      const dir = run.dirs[v.name];
      if (dir && !v.hostPath && !v.persistentVolumeClaim) mkdirSync(dir, { recursive: true });
    }
    return true;
  }

  private async claimPath(ns: string, claim: string): Promise<string | undefined> {
    const pvc = await this.d.client.get<{ spec?: { volumeName?: string } }>(
      nsPath('', 'v1', ns, 'persistentvolumeclaims', claim),
    );
    const pvName = pvc.ok ? pvc.body.spec?.volumeName : undefined;
    if (!pvName) return undefined;
    const pv = await this.d.client.get<{ spec?: { hostPath?: { path?: string }; local?: { path?: string } } }>(
      `/api/v1/persistentvolumes/${pvName}`,
    );
    return pv.ok ? (pv.body.spec?.hostPath?.path ?? pv.body.spec?.local?.path) : undefined;
  }

  private async runPod(run: Run): Promise<void> {
    const signal = run.abort.signal;
    while (!signal.aborted && !(await this.mountVolumes(run))) await sleep(10_000, signal);
    if (signal.aborted) return;
    const ref = this.podRef(run);
    for (const c of [...(run.pod.spec?.initContainers ?? []), ...(run.pod.spec?.containers ?? [])]) {
      for (const p of containerPorts(c, containerEnv(c, ref))) {
        if (!run.ports.has(p)) run.ports.set(p, await this.d.freePort());
      }
    }
    for (const spec of run.pod.spec?.initContainers ?? []) {
      const c = run.state.init.find((x) => x.name === spec.name);
      if (!c) continue;
      let failures = 0;
      while (!signal.aborted) {
        const code = await this.runContainer(run, spec, c);
        if (signal.aborted) return;
        if (code === 0) break;
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
    await Promise.all(
      (run.pod.spec?.containers ?? []).map(async (spec) => {
        const c = run.state.containers.find((x) => x.name === spec.name);
        if (!c) return;
        let failures = 0;
        while (!signal.aborted) {
          const startedAt = Date.now();
          const code = await this.runContainer(run, spec, c);
          if (signal.aborted || code === undefined) return;
          // a container that ran for 10 minutes resets the back-off, as the kubelet does
          failures = Date.now() - startedAt > 600_000 ? 1 : failures + 1;
          await this.crashLoop(run, c, failures);
        }
      }),
    );
  }

  /** An image with no process: ErrImagePull, then ImagePullBackOff with growing pauses, until the pod goes. */
  private async pullBackOff(run: Run, spec: V1Container, c: ContainerState): Promise<undefined> {
    const signal = run.abort.signal;
    const f = imagePullFailure(spec.image ?? '');
    for (let attempt = 1; !signal.aborted; attempt++) {
      this.event(run, 'Normal', 'Pulling', `Pulling image "${spec.image}"`, c.name);
      this.event(run, 'Warning', 'Failed', f.message, c.name);
      this.event(run, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
      c.state = { kind: 'waiting', reason: f.reason, message: f.message };
      this.publish(run);
      await sleep(2000, signal);
      if (signal.aborted) break;
      this.event(run, 'Normal', 'BackOff', f.backOff.message, c.name);
      this.event(run, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name);
      c.state = { kind: 'waiting', reason: f.backOff.reason, message: f.backOff.message };
      this.publish(run);
      await sleep(backoffSeconds(attempt, this.d.backoffCapSeconds ?? 300) * 1000, signal);
    }
    return undefined;
  }

  private async crashLoop(run: Run, c: ContainerState, failures: number): Promise<void> {
    const signal = run.abort.signal;
    await sleep(1500, signal); // the terminated state is visible for a moment (Error / Init:Error)
    if (signal.aborted) return;
    const term = c.state.kind === 'terminated' ? c.state.terminated : c.lastTerminated;
    if (term) c.lastTerminated = term;
    const secs = backoffSeconds(failures, this.d.backoffCapSeconds ?? 300);
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

  /** Runs one instance of a container; resolves with its exit code (undefined when it cannot or need not restart). */
  private async runContainer(run: Run, spec: V1Container, c: ContainerState): Promise<number | undefined> {
    const kind = imageKind(spec.image);
    const ref = this.podRef(run);
    const env = containerEnv(spec, ref, await this.envSources(spec, ref.namespace));
    const hostPath = (p: string) => hostPathIn(spec, run.dirs, p);
    const uid = run.pod.metadata?.uid ?? '';
    const id = containerId(uid, c.name, c.restartCount);
    const out = run.logs[c.name]?.open(c.restartCount);
    const closeLog = () => new Promise<void>((resolve) => (out ? out.end(resolve) : resolve()));
    if (kind === 'storage-initializer') {
      const startedAt = now();
      this.pulledCreatedStarted(run, c);
      c.state = { kind: 'running', startedAt, containerID: id };
      c.started = true;
      this.publish(run);
      const destArg = spec.args?.[1] ?? '/mnt/models';
      const mountDir = hostPath(destArg);
      const write = (stream: 'stdout' | 'stderr', line: string) => out?.write(criLine(stream, line));
      const r = mountDir
        ? await (this.d.storageInitializer ?? runStorageInitializer)({
            args: (spec.args ?? []).map(String),
            env,
            mountDir,
            hostPath,
            write,
            signal: run.abort.signal,
            stateDir: this.d.stateDir,
          })
        : { exitCode: 1, message: `[Errno 2] No such file or directory: '${destArg}'` };
      await closeLog();
      if (run.abort.signal.aborted) return undefined;
      c.started = false;
      c.state = {
        kind: 'terminated',
        terminated: {
          exitCode: r.exitCode,
          reason: r.exitCode === 0 ? 'Completed' : 'Error',
          ...(r.message ? { message: r.message } : {}),
          startedAt,
          finishedAt: now(),
          containerID: id,
        },
      };
      this.publish(run);
      return r.exitCode;
    }
    let launch: ReturnType<typeof launchFor>;
    try {
      launch = launchFor({
        container: spec,
        pod: ref,
        env,
        hostPort: (p) => run.ports.get(p) ?? 0,
        hostPath,
        python: (this.d.python ?? defaultPython)(),
        scriptsDir: this.d.scriptsDir ?? pythonScriptsDir,
        workDir: join(run.podDir, 'work', c.name),
        router: this.d.router,
      });
    } catch (err) {
      await closeLog();
      c.state = {
        kind: 'waiting',
        reason: 'CreateContainerError',
        message: err instanceof Error ? err.message : String(err),
      };
      this.event(run, 'Warning', 'Failed', `Error: ${c.state.message}`, c.name);
      this.publish(run);
      return undefined;
    }
    if (!launch) {
      await closeLog();
      return this.pullBackOff(run, spec, c);
    }
    mkdirSync(launch.cwd, { recursive: true });
    const startedAt = now();
    const proc = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', ...launch.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    run.procs.set(c.name, proc);
    const pipe = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
      if (stream) createInterface({ input: stream }).on('line', (line) => out?.write(criLine(name, line)));
    };
    pipe(proc.stdout, 'stdout');
    pipe(proc.stderr, 'stderr');
    const exited = new Promise<number>((resolve) => {
      proc.on('exit', (code, sig) => resolve(code ?? 128 + (sig ? (osConstants.signals[sig] ?? 15) : 1)));
      proc.on('error', (err) => {
        out?.write(criLine('stderr', `exec failed: ${err.message}`));
        resolve(128);
      });
    });
    this.pulledCreatedStarted(run, c);
    const readiness = probeSpec(spec, 'readiness');
    const startup = probeSpec(spec, 'startup');
    c.state = { kind: 'running', startedAt, containerID: id };
    c.started = !startup;
    c.ready = !readiness && !startup;
    this.publish(run);
    const probesStop = new AbortController();
    void this.probeContainer(run, spec, c, proc, probesStop.signal);
    const code = await exited;
    probesStop.abort();
    run.procs.delete(c.name);
    await closeLog();
    c.ready = false;
    c.started = false;
    c.state = {
      kind: 'terminated',
      terminated: {
        exitCode: code,
        reason: code === 0 ? 'Completed' : 'Error',
        startedAt,
        finishedAt: now(),
        containerID: id,
      },
    };
    if (run.stopping) return undefined;
    this.publish(run);
    return code;
  }

  /** Secret and config map values the container's env and envFrom name (read as the kubelet does, with its own rights). */
  private async envSources(spec: V1Container, ns: string): Promise<EnvSources> {
    const cache = new Map<string, Record<string, string> | undefined>();
    const data = async (kind: 'secrets' | 'configmaps', name: string) => {
      const key = `${kind}/${name}`;
      if (!cache.has(key)) {
        const r = await this.d.client.get<{ data?: Record<string, string> }>(nsPath('', 'v1', ns, kind, name));
        const raw = r.ok ? (r.body.data ?? {}) : undefined;
        cache.set(
          key,
          raw && kind === 'secrets'
            ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))
            : raw,
        );
      }
      return cache.get(key);
    };
    const envFrom: Record<string, string> = {};
    for (const f of spec.envFrom ?? []) {
      const d = f.secretRef
        ? await data('secrets', f.secretRef.name ?? '')
        : f.configMapRef
          ? await data('configmaps', f.configMapRef.name ?? '')
          : undefined;
      for (const [k, v] of Object.entries(d ?? {})) envFrom[`${f.prefix ?? ''}${k}`] = v;
    }
    const refs: Record<string, string> = {};
    for (const e of spec.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      const m = e.valueFrom?.configMapKeyRef;
      const v = s
        ? (await data('secrets', s.name ?? ''))?.[s.key]
        : m
          ? (await data('configmaps', m.name ?? ''))?.[m.key]
          : undefined;
      if (v !== undefined) refs[e.name] = v;
    }
    return { envFrom, refs };
  }

  private pulledCreatedStarted(run: Run, c: ContainerState): void {
    this.event(run, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c.name);
    this.event(run, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.event(run, 'Normal', 'Started', `Started container ${c.name}`, c.name);
  }

  /** Startup probe first; then readiness and liveness, each on its own period, until the container exits. */
  private async probeContainer(
    run: Run,
    spec: V1Container,
    c: ContainerState,
    proc: ChildProcess,
    signal: AbortSignal,
  ): Promise<void> {
    const loop = async (kind: ProbeKind, onChange: (ok: boolean, message: string) => boolean | undefined) => {
      const p = probeSpec(spec, kind);
      if (!p) return;
      const counter = new ProbeCounter(p, kind);
      await sleep(p.initialDelaySeconds * 1000, signal);
      while (!signal.aborted) {
        const r = await checkProbe(p.action, (port) => run.ports.get(port), p.timeoutSeconds, run.state.podIP);
        if (signal.aborted) return;
        const label = `${kind[0]?.toUpperCase()}${kind.slice(1)}`;
        if (!r.ok) this.event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${r.message}`, c.name);
        if (counter.record(r.ok) && onChange(counter.result, r.message) === false) return;
        await sleep(p.periodSeconds * 1000, signal);
      }
    };
    const grace = run.pod.spec?.terminationGracePeriodSeconds ?? 30;
    const kill = (why: string) => {
      this.event(run, 'Normal', 'Killing', `Container ${c.name} ${why}, will be restarted`, c.name);
      void killGroup(proc, grace * 1000);
    };
    if (probeSpec(spec, 'startup')) {
      let started = false;
      await loop('startup', (ok) => {
        if (ok) {
          started = true;
          c.started = true;
          if (!probeSpec(spec, 'readiness')) c.ready = true;
          this.publish(run);
        } else kill('failed startup probe');
        return false;
      });
      if (!started) return;
    }
    await Promise.all([
      loop('readiness', (ok) => {
        c.ready = ok;
        this.publish(run);
        return undefined;
      }),
      loop('liveness', (ok) => {
        if (ok) return undefined;
        kill('failed liveness probe');
        return false;
      }),
    ]);
  }

  /** Stops the pod's processes (SIGTERM, the grace period, SIGKILL); with `deleteObject`, deletes the Pod (grace 0). */
  private async terminate(run: Run, deleteObject: boolean): Promise<void> {
    if (run.stopping) return;
    run.stopping = true;
    run.abort.abort();
    const grace = run.pod.metadata?.deletionGracePeriodSeconds ?? run.pod.spec?.terminationGracePeriodSeconds ?? 30;
    const stops: Promise<void>[] = [];
    for (const [name, proc] of run.procs) {
      this.event(run, 'Normal', 'Killing', `Stopping container ${name}`, name);
      stops.push(killGroup(proc, Math.max(grace, 0) * 1000));
    }
    await Promise.all(stops);
    await run.done;
    await run.writeChain;
    this.runs.delete(run.key);
    rmSync(run.podDir, { recursive: true, force: true });
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

function defaultPython(): { kserve: string; mlserver: string; openai?: string | undefined } {
  const envs = existingPythonEnvs();
  const openai = llmEnvLocation(cacheDir()).python;
  return {
    kserve: envs.kserve.python,
    mlserver: envs.mlserver.python,
    openai: existsSync(openai) ? openai : undefined,
  };
}

/** The kubelet's conditions, plus the ones others own (the scheduler's PodScheduled, DisruptionTarget...) as they are. */
export function mergeConditions(ours: V1PodCondition[], existing: V1PodCondition[]): V1PodCondition[] {
  const out = ours.map((c) => (c.type === 'PodScheduled' ? (existing.find((e) => e.type === c.type) ?? c) : c));
  for (const e of existing) if (!out.some((c) => c.type === e.type)) out.push(e);
  return out;
}

/** SIGTERM to the process group, SIGKILL after `graceMs`. */
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
