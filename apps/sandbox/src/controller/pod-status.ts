/**
 * What the kubelet reports for a Pod: a pure function from the container states the sandbox kubelet tracks
 * to a core/v1 PodStatus (phase, conditions, init/container statuses).
 */
import type { V1ContainerStatus, V1PodCondition, V1PodStatus } from '@kubernetes/client-node';

export type Terminated = {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID: string;
};

export type ContainerState = {
  name: string;
  image: string;
  restartCount: number;
  ready: boolean;
  started: boolean;
  state:
    | { kind: 'waiting'; reason: string; message?: string }
    | { kind: 'running'; startedAt: string; containerID: string }
    | { kind: 'terminated'; terminated: Terminated };
  lastTerminated?: Terminated;
};

export type PodState = {
  startTime: string;
  hostIP: string;
  podIP: string;
  /** When each condition last changed, keyed by condition type. */
  transitions: Record<string, string>;
  init: ContainerState[];
  containers: ContainerState[];
  /** True once every init container terminated with exit code 0. */
  initialized: boolean;
  /** What the apiserver set at creation (immutable afterwards; BestEffort for a pod without resources). */
  qosClass?: string | undefined;
};

function toContainerStatus(c: ContainerState): V1ContainerStatus {
  const s: V1ContainerStatus = {
    name: c.name,
    image: c.image,
    imageID: `docker.io/${c.image}@sha256:sandbox`,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.started,
    state: {},
    lastState: {},
  };
  if (c.state.kind === 'waiting') {
    s.state = { waiting: { reason: c.state.reason, ...(c.state.message ? { message: c.state.message } : {}) } };
  } else if (c.state.kind === 'running') {
    s.state = { running: { startedAt: new Date(c.state.startedAt) } };
    s.containerID = c.state.containerID;
  } else {
    s.state = { terminated: toTerminated(c.state.terminated) };
    s.containerID = c.state.terminated.containerID;
  }
  if (c.lastTerminated) s.lastState = { terminated: toTerminated(c.lastTerminated) };
  return s;
}

function toTerminated(t: Terminated) {
  return {
    exitCode: t.exitCode,
    reason: t.reason,
    ...(t.message ? { message: t.message } : {}),
    startedAt: new Date(t.startedAt),
    finishedAt: new Date(t.finishedAt),
    containerID: t.containerID,
  };
}

function condition(type: string, ok: boolean, at: string, reason?: string, message?: string): V1PodCondition {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: new Date(at),
    ...(!ok && reason ? { reason } : {}),
    ...(!ok && message ? { message } : {}),
  };
}

export function podPhase(p: PodState): 'Pending' | 'Running' {
  if (!p.initialized) return 'Pending';
  const anyStarted = p.containers.some((c) => c.state.kind === 'running' || c.restartCount > 0 || c.lastTerminated);
  return anyStarted ? 'Running' : 'Pending';
}

export function podReady(p: PodState): boolean {
  return p.initialized && p.containers.length > 0 && p.containers.every((c) => c.ready);
}

export function podStatus(p: PodState): V1PodStatus {
  const t = (type: string) => p.transitions[type] ?? p.startTime;
  const unreadyInit = p.init.filter((c) => !(c.state.kind === 'terminated' && c.state.terminated.exitCode === 0));
  const unready = p.containers.filter((c) => !c.ready);
  const ready = podReady(p);
  const conditions: V1PodCondition[] = [
    condition('PodReadyToStartContainers', true, t('PodReadyToStartContainers')),
    condition(
      'Initialized',
      p.initialized,
      t('Initialized'),
      'ContainersNotInitialized',
      `containers with incomplete status: [${unreadyInit.map((c) => c.name).join(' ')}]`,
    ),
    condition(
      'Ready',
      ready,
      t('Ready'),
      'ContainersNotReady',
      `containers with unready status: [${unready.map((c) => c.name).join(' ')}]`,
    ),
    condition(
      'ContainersReady',
      ready,
      t('ContainersReady'),
      'ContainersNotReady',
      `containers with unready status: [${unready.map((c) => c.name).join(' ')}]`,
    ),
    condition('PodScheduled', true, t('PodScheduled')),
  ];
  const status: V1PodStatus = {
    phase: podPhase(p),
    conditions,
    hostIP: p.hostIP,
    hostIPs: [{ ip: p.hostIP }],
    podIP: p.podIP,
    podIPs: [{ ip: p.podIP }],
    startTime: new Date(p.startTime),
    containerStatuses: p.containers.map(toContainerStatus),
  };
  if (p.qosClass) status.qosClass = p.qosClass;
  if (p.init.length > 0) status.initContainerStatuses = p.init.map(toContainerStatus);
  return status;
}

/** Names of the conditions whose truth changed between two pod states (to stamp lastTransitionTime). */
export function conditionTruths(p: PodState): Record<string, boolean> {
  const ready = podReady(p);
  return { Initialized: p.initialized, Ready: ready, ContainersReady: ready };
}

/** Crash-loop back-off: 10s, 20s, 40s ... capped (the kubelet caps at 300s; the sandbox at 80s). */
export function backoffSeconds(restarts: number, capSeconds = 80): number {
  if (restarts <= 0) return 0;
  return Math.min(capSeconds, 10 * 2 ** (restarts - 1));
}
