import { deriveIsvcStatus, type IsvcStatus, isProblemCondition, predictorModel } from './isvc-status';
import type { ContainerStatus, InferenceService, K8sEvent, Pod } from './k8s-objects';

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One piece of evidence for "why is it not ready?", with where it came from. */
export type Finding = {
  severity: FindingSeverity;
  /** What reported it: `condition PredictorReady`, `pod x, container y`, `event on Pod/x`, `modelStatus`. */
  source: string;
  reason: string;
  message: string;
  /** ISO time, when known (used to order events). */
  time?: string;
};

export type Diagnosis = { status: IsvcStatus; findings: Finding[] };

/** Container waiting reasons that are normal progress, not problems. */
const BENIGN_WAITING = new Set(['ContainerCreating', 'PodInitializing']);
const ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Merge everything the cluster says about an InferenceService into one ordered list of findings:
 * conditions, `modelStatus` and `lastFailureInfo`, pod and container states, and Warning events.
 */
export function diagnoseIsvc(input: {
  isvc: InferenceService;
  pods?: readonly Pod[];
  events?: readonly K8sEvent[];
}): Diagnosis {
  const { isvc } = input;
  const status = deriveIsvcStatus(isvc);
  const findings: Finding[] = [];
  if (status.phase === 'Stopped') {
    findings.push({
      severity: 'info',
      source: 'annotation serving.kserve.io/stop',
      reason: 'Stopped',
      message: 'This InferenceService is stopped: its pods are scaled down. Start it to serve again.',
    });
    return { status, findings };
  }

  const ms = isvc.status?.modelStatus;
  if (ms?.lastFailureInfo && (ms.lastFailureInfo.reason || ms.lastFailureInfo.message)) {
    const f = ms.lastFailureInfo;
    // KServe's storage initializer says what failed ("GCS resource 'b' not found") but not which URI: name it.
    const uri = predictorModel(isvc).model?.storageUri;
    const storage =
      f.reason === 'ModelLoadFailed' && uri && !f.message?.includes(uri) ? `storage URI ${uri}` : undefined;
    findings.push({
      severity: status.phase === 'Ready' ? 'warning' : 'error',
      source: f.location ? `modelStatus.lastFailureInfo (${f.location})` : 'modelStatus.lastFailureInfo',
      reason: f.reason ?? 'Failure',
      message:
        [f.message?.replace(/\.\s*$/, ''), f.exitCode !== undefined ? `exit code ${f.exitCode}` : undefined, storage]
          .filter(Boolean)
          .join('; ') || 'The model failed.',
      ...(f.time ? { time: f.time } : {}),
    });
  }
  if (ms?.transitionStatus === 'InvalidSpec' || ms?.transitionStatus === 'BlockedByFailedLoad') {
    findings.push({
      severity: 'error',
      source: 'modelStatus.transitionStatus',
      reason: ms.transitionStatus,
      message:
        ms.transitionStatus === 'InvalidSpec'
          ? 'The predictor spec is invalid; fix the spec (see other findings).'
          : 'The model failed to load and the rollout is blocked.',
    });
  }
  if (ms?.copies?.failedCopies) {
    findings.push({
      severity: 'error',
      source: 'modelStatus.copies',
      reason: 'FailedCopies',
      message: `${ms.copies.failedCopies} of ${ms.copies.totalCopies ?? '?'} copies failed.`,
    });
  }

  const conditions = isvc.status?.conditions ?? [];
  const falseSubConditions = conditions.filter((c) => c.type !== 'Ready' && isProblemCondition(c));
  for (const c of falseSubConditions) {
    findings.push({
      severity: 'error',
      source: `condition ${c.type}`,
      reason: c.reason ?? 'False',
      message: c.message ?? `${c.type} is False.`,
      ...(c.lastTransitionTime ? { time: c.lastTransitionTime } : {}),
    });
  }
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && falseSubConditions.length === 0) {
    findings.push({
      severity: 'error',
      source: 'condition Ready',
      reason: ready.reason ?? 'NotReady',
      message: ready.message ?? 'Ready is False.',
    });
  }
  for (const c of conditions.filter((c) => c.status === 'Unknown' && (c.reason || c.message))) {
    findings.push({
      severity: 'info',
      source: `condition ${c.type}`,
      reason: c.reason ?? 'Unknown',
      message: c.message ?? `${c.type} is not decided yet.`,
    });
  }

  for (const pod of input.pods ?? []) findings.push(...podFindings(pod));
  findings.push(...eventFindings(input.events ?? []));

  if (findings.length === 0 && status.phase !== 'Ready') {
    findings.push({
      severity: 'info',
      source: 'controller',
      reason: status.reason ?? 'Pending',
      message:
        conditions.length === 0
          ? 'The controller has not reported any status yet.'
          : 'No failure reported yet; the rollout is still in progress.',
    });
  }
  const deduped = dedupe(findings);
  return { status, findings: deduped.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]) };
}

export function podFindings(pod: Pod): Finding[] {
  const out: Finding[] = [];
  const name = pod.metadata.name;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    out.push({
      severity: 'error',
      source: `pod ${name}`,
      reason: scheduled.reason ?? 'Unschedulable',
      message: scheduled.message ?? 'The pod cannot be scheduled.',
    });
  }
  if (pod.status?.phase === 'Failed') {
    out.push({
      severity: 'error',
      source: `pod ${name}`,
      reason: pod.status.reason ?? 'Failed',
      message: pod.status.message ?? 'The pod failed.',
    });
  }
  const check = (cs: ContainerStatus, kind: string) => {
    const src = `pod ${name}, ${kind} ${cs.name}`;
    const w = cs.state?.waiting;
    if (w?.reason && !BENIGN_WAITING.has(w.reason)) {
      out.push({
        severity: 'error',
        source: src,
        reason: w.reason,
        message: w.message ?? `${kind} ${cs.name} is waiting: ${w.reason}.`,
      });
    }
    const t = cs.state?.terminated;
    if (t && (t.exitCode ?? 0) !== 0) {
      out.push({
        severity: 'error',
        source: src,
        reason: t.reason ?? 'Error',
        message: t.message ?? `exited with code ${t.exitCode}`,
      });
    }
    const last = cs.lastState?.terminated;
    if (last && (last.exitCode ?? 0) !== 0 && !t) {
      out.push({
        severity: 'warning',
        source: src,
        reason: last.reason ?? 'Error',
        message: `${last.message ? `${last.message}; ` : ''}last run exited with code ${last.exitCode}, ${cs.restartCount} restart${cs.restartCount === 1 ? '' : 's'}. See the previous logs.`,
      });
    }
  };
  for (const cs of pod.status?.initContainerStatuses ?? []) check(cs, 'init container');
  for (const cs of pod.status?.containerStatuses ?? []) check(cs, 'container');
  return out;
}

function eventTime(e: K8sEvent): string | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? undefined;
}

/** Milliseconds since the epoch; 0 when absent or unreadable (sorts last among newest-first). */
function eventMs(e: K8sEvent): number {
  return Date.parse(eventTime(e) ?? '') || 0;
}

/** Warning events, newest first, one per (object, reason, message). */
export function eventFindings(events: readonly K8sEvent[]): Finding[] {
  // By time, not by text: localeCompare builds the locale's collator on first use (~15 ms of the details page's first
  // render in a browser), and seconds (lastTimestamp) and microseconds (eventTime) compare as times.
  return [...events]
    .filter((e) => e.type === 'Warning')
    .sort((a, b) => eventMs(b) - eventMs(a))
    .slice(0, 20)
    .map((e) => {
      const t = eventTime(e);
      const count = e.count && e.count > 1 ? ` (×${e.count})` : '';
      return {
        severity: 'warning' as const,
        source: `event on ${e.involvedObject.kind ?? '?'}/${e.involvedObject.name ?? '?'}`,
        reason: e.reason ?? 'Warning',
        message: `${e.message ?? ''}${count}`,
        ...(t ? { time: t } : {}),
      };
    });
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.source}|${f.reason}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
