/**
 * The one place that talks to the runtimes module (apps/sandbox/src/runtimes, engineer B): whether a
 * runtime can run here, where a storage URI's model lives locally, and the model server command line.
 * The module is imported lazily so the controller starts (and reports the problem per Pod) without it.
 */
import { existsSync } from 'node:fs';
import type { ProtocolVersion, RuntimeRef } from './kserve-types';

export type ServerCommand = {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  readinessPath?: string;
};

export type ServerRequest = {
  runtime: RuntimeRef;
  modelName: string;
  modelDir: string;
  port: number;
  protocol: ProtocolVersion;
  workDir: string;
  /** The pod's kserve-container env (MLSERVER_MODEL_IMPLEMENTATION picks MLServer's model class). */
  env?: Record<string, string>;
};

export interface RuntimeAdapter {
  unrunnableReason(runtime: RuntimeRef): Promise<{ reason: string; message: string } | undefined>;
  resolveRemote(uri: string, namespace: string): Promise<string>;
  serverCommand(req: ServerRequest): Promise<ServerCommand>;
}

type Fn = (...args: unknown[]) => unknown;

function fn(mod: Record<string, unknown>, name: string): Fn | undefined {
  const f = mod[name];
  return typeof f === 'function' ? (f as Fn) : undefined;
}

function isServerCommand(v: unknown): v is ServerCommand {
  const o = v as Partial<ServerCommand> | null;
  return !!o && typeof o.command === 'string' && Array.isArray(o.args);
}

export function loadRuntimeAdapter(stateDir: string, specifier = '../runtimes/index.ts'): RuntimeAdapter {
  let mod: Promise<Record<string, unknown> | undefined> | undefined;
  const load = () => {
    mod ??= (async () => {
      const url = new URL(specifier, import.meta.url);
      if (!existsSync(url)) return undefined;
      return (await import(url.href)) as Record<string, unknown>;
    })().catch(() => undefined);
    return mod;
  };
  const missing = 'the sandbox runtimes module (src/runtimes/index.ts) is not available';
  return {
    async unrunnableReason(runtime) {
      const m = await load();
      const f = m && fn(m, 'unrunnableReason');
      if (!f) return { reason: 'RuntimeUnavailable', message: missing };
      const r = (await f({ name: runtime.name, spec: runtime.spec })) as unknown;
      if (r === undefined || r === null) return undefined;
      if (typeof r === 'string') return { reason: 'RuntimeUnavailable', message: r };
      const o = r as { reason?: unknown; message?: unknown };
      return { reason: String(o.reason ?? 'RuntimeUnavailable'), message: String(o.message ?? '') };
    },
    async resolveRemote(uri, namespace) {
      const m = await load();
      const f = m && (fn(m, 'resolveStorageUri') ?? fn(m, 'resolveModel') ?? fn(m, 'mirrorModel'));
      if (!f) throw new Error(missing);
      const r = await f(uri, { stateDir, namespace });
      if (typeof r === 'string') return r;
      const o = r as { dir?: unknown; path?: unknown } | null;
      const dir = o?.dir ?? o?.path;
      if (typeof dir !== 'string') throw new Error(`model mirror returned no directory for ${uri}`);
      return dir;
    },
    async serverCommand(req) {
      const m = await load();
      const f = m && fn(m, 'serverCommand');
      if (!f) throw new Error(missing);
      const r = await f({
        runtime: { name: req.runtime.name, spec: req.runtime.spec },
        modelName: req.modelName,
        modelDir: req.modelDir,
        port: req.port,
        protocol: req.protocol,
        workDir: req.workDir,
        logDir: req.workDir,
      });
      if (!isServerCommand(r)) throw new Error(`serverCommand returned an unexpected value for ${req.runtime.name}`);
      const args = [...r.args];
      const impl = req.env?.MLSERVER_MODEL_IMPLEMENTATION;
      const i = args.indexOf('--implementation');
      if (impl && i >= 0 && i + 1 < args.length) args[i + 1] = impl;
      return { ...r, args, env: r.env ?? {} };
    },
  };
}
