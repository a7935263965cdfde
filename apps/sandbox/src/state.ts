import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SandboxError } from './errors';
import { kserveModeSchema } from './kserve-mode';

/** Start order; `down` stops them in reverse. */
export const componentNames = [
  'etcd',
  'dex',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kserve-controller',
  'llmisvc-controller',
  'fake-gcs-server',
  'moto-s3',
  'controller',
  'prometheus',
] as const;
export type ComponentName = (typeof componentNames)[number];

const port = z.number().int().min(1).max(65535);

export const processRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** argv as spawned; /proc/PID/cmdline must match it for the PID to count as ours. */
  argv: z.array(z.string()).min(1),
  port,
  startedAt: z.string(),
  log: z.string(),
});
export type ProcessRecord = z.infer<typeof processRecordSchema>;

export const stateSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  /** Chosen once at the first `up` and kept: configs (issuer, kubeconfig) embed them. */
  ports: z.object({ etcd: port, etcdPeer: port, dex: port, apiserver: port, gateway: port, kubelet: port }),
  /** Ports of the real control plane, chosen at the first `up` (absent in a state file the imitation made). */
  controlPorts: z
    .object({
      kserveWebhook: port,
      kserveMetrics: port,
      kserveHealth: port,
      kubeControllerManager: port,
      kubeScheduler: port,
    })
    .optional(),
  /** Ports of KServe's LLMInferenceService controller, chosen at the first `up` that starts it. */
  llmisvcPorts: z.object({ webhook: port, metrics: port, health: port }).optional(),
  /**
   * `real` in every state file `up` writes now. `imitation` (or no field: a state file from before the mode was
   * recorded) is a sandbox the removed imitation made: `up` refuses it (kserve-mode.ts), `down` and
   * `reset` still work.
   */
  kserveMode: kserveModeSchema.default('imitation'),
  clientSecret: z.string().min(16),
  components: z.partialRecord(z.enum(componentNames), processRecordSchema),
});
export type SandboxState = z.infer<typeof stateSchema>;
export type Ports = SandboxState['ports'];
export type ControlPorts = NonNullable<SandboxState['controlPorts']>;
export type LlmisvcPorts = NonNullable<SandboxState['llmisvcPorts']>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseState(text: string): ParseResult<SandboxState> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `state.json is not JSON: ${(e as Error).message}` };
  }
  const r = stateSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, error: `state.json is invalid: ${issues}` };
  }
  return { ok: true, value: r.data };
}

/** undefined when there is no state file yet; throws with a reason when it is unreadable. */
export function readState(file: string): SandboxState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const r = parseState(text);
  if (!r.ok) throw new SandboxError(`${r.error} (${file}); run \`npm run sandbox -- reset\``);
  return r.value;
}

export function writeState(file: string, state: SandboxState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * The process records in a state file, even one that no longer matches the schema (an older version):
 * `down`/`reset` must still be able to stop what was started. Entries that do not parse are skipped.
 */
export function readProcessRecords(file: string): Partial<Record<ComponentName, ProcessRecord>> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  const comps = z.object({ components: z.record(z.string(), z.unknown()) }).safeParse(raw);
  if (!comps.success) return {};
  const out: Partial<Record<ComponentName, ProcessRecord>> = {};
  for (const name of componentNames) {
    const r = processRecordSchema.safeParse(comps.data.components[name]);
    if (r.success) out[name] = r.data;
  }
  return out;
}
