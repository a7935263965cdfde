/**
 * Container probes as the kubelet runs them: the Pod spec's readiness/liveness/startup probes with the API's
 * defaults (period 10 s, timeout 1 s, success 1, failure 3), the counting rule (`ProbeCounter`, pure) and
 * one check against the container's host port (`checkProbe`).
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { V1Container, V1Probe } from '@kubernetes/client-node';

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

export type ProbeAction =
  | { kind: 'http'; port: number; path: string; headers: Record<string, string> }
  | { kind: 'tcp'; port: number }
  | { kind: 'grpc'; port: number }
  | { kind: 'exec'; command: string[] }
  | { kind: 'invalid'; message: string };

export type ProbeSpec = {
  action: ProbeAction;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
};

function resolvePort(p: number | string | undefined, c: V1Container): number | undefined {
  if (typeof p === 'number') return p;
  if (p === undefined) return undefined;
  if (/^\d+$/.test(p)) return Number(p);
  return c.ports?.find((x) => x.name === p)?.containerPort;
}

function action(p: V1Probe, c: V1Container): ProbeAction {
  if (p.httpGet) {
    const port = resolvePort(p.httpGet.port as number | string, c);
    if (port === undefined) return { kind: 'invalid', message: `unknown port ${String(p.httpGet.port)}` };
    const headers: Record<string, string> = {};
    for (const h of p.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
    const path = p.httpGet.path ?? '/';
    return { kind: 'http', port, path: path.startsWith('/') ? path : `/${path}`, headers };
  }
  if (p.tcpSocket) {
    const port = resolvePort(p.tcpSocket.port as number | string, c);
    return port === undefined
      ? { kind: 'invalid', message: `unknown port ${String(p.tcpSocket.port)}` }
      : { kind: 'tcp', port };
  }
  if (p.grpc) return { kind: 'grpc', port: p.grpc.port };
  if (p.exec) return { kind: 'exec', command: p.exec.command ?? [] };
  return { kind: 'invalid', message: 'probe has no handler' };
}

/** A container's probe with the API defaults filled in, or undefined when the spec has none. */
export function probeSpec(c: V1Container, kind: ProbeKind): ProbeSpec | undefined {
  const p = kind === 'readiness' ? c.readinessProbe : kind === 'liveness' ? c.livenessProbe : c.startupProbe;
  if (!p) return undefined;
  return {
    action: action(p, c),
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds || 10,
    timeoutSeconds: p.timeoutSeconds || 1,
    // liveness and startup probes must have successThreshold 1 (API validation)
    successThreshold: kind === 'readiness' ? p.successThreshold || 1 : 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

/**
 * The kubelet's result counting: a probe's result flips only after `successThreshold` successes or
 * `failureThreshold` failures in a row. Readiness starts failed, liveness starts successful, startup starts
 * failed (and is not run again once it succeeded).
 */
export class ProbeCounter {
  private streak = 0;
  private lastOk: boolean | undefined;
  result: boolean;
  constructor(
    private readonly spec: Pick<ProbeSpec, 'successThreshold' | 'failureThreshold'>,
    kind: ProbeKind,
  ) {
    this.result = kind === 'liveness';
  }
  /** Records one check; returns true when the result changed. */
  record(ok: boolean): boolean {
    this.streak = this.lastOk === ok ? this.streak + 1 : 1;
    this.lastOk = ok;
    const need = ok ? this.spec.successThreshold : this.spec.failureThreshold;
    if (this.result !== ok && this.streak >= need) {
      this.result = ok;
      return true;
    }
    return false;
  }
}

export type ProbeOutcome = { ok: boolean; message: string };

/** A socket error as Go's net package words it (what kubelet probe messages show). */
function dialError(err: NodeJS.ErrnoException): string {
  if (err.code === 'ECONNREFUSED') return 'connect: connection refused';
  if (err.code === 'ECONNRESET') return 'read: connection reset by peer';
  return err.message;
}

/**
 * One check of `action` against the container's host port on 127.0.0.1. Messages name `podIP` and the
 * container port, as a kubelet's do.
 */
export function checkProbe(
  a: ProbeAction,
  hostPort: (containerPort: number) => number | undefined,
  timeoutSeconds: number,
  podIP = '127.0.0.1',
): Promise<ProbeOutcome> {
  const ms = timeoutSeconds * 1000;
  if (a.kind === 'invalid') return Promise.resolve({ ok: false, message: a.message });
  // No process namespace to exec in: the sandbox counts exec probes as passing (docs/sandbox.md).
  if (a.kind === 'exec') return Promise.resolve({ ok: true, message: '' });
  const port = hostPort(a.port);
  if (port === undefined) return Promise.resolve({ ok: false, message: `port ${a.port} is not open in the pod` });
  if (a.kind === 'http') {
    return new Promise((resolve) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: a.path, method: 'GET', headers: a.headers, timeout: ms },
        (res) => {
          res.resume();
          const code = res.statusCode ?? 0;
          resolve(
            code >= 200 && code < 400
              ? { ok: true, message: '' }
              : { ok: false, message: `HTTP probe failed with statuscode: ${code}` },
          );
        },
      );
      req.on('error', (err) =>
        resolve({
          ok: false,
          message: `Get "http://${podIP}:${a.port}${a.path}": dial tcp ${podIP}:${a.port}: ${dialError(err)}`,
        }),
      );
      req.on('timeout', () => {
        req.destroy();
        resolve({
          ok: false,
          message: `Get "http://${podIP}:${a.port}${a.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        });
      });
      req.end();
    });
  }
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, timeout: ms });
    s.once('connect', () => {
      s.destroy();
      resolve({ ok: true, message: '' });
    });
    s.once('error', (err) => resolve({ ok: false, message: `dial tcp ${podIP}:${a.port}: ${dialError(err)}` }));
    s.once('timeout', () => {
      s.destroy();
      resolve({ ok: false, message: `dial tcp ${podIP}:${a.port}: i/o timeout` });
    });
  });
}
