import { z } from 'zod';
import { SandboxError } from './errors';

/**
 * Which KServe the sandbox runs. `imitation`: the TypeScript controller plays KServe, the Kubernetes
 * controllers and the kubelet. `real`: the KServe controller manager v0.20.0 with its webhooks,
 * kube-controller-manager and kube-scheduler; our code is only the kubelet and the gateway.
 */
export const kserveModes = ['imitation', 'real'] as const;
export const kserveModeSchema = z.enum(kserveModes);
export type KserveMode = z.infer<typeof kserveModeSchema>;

export const defaultKserveMode: KserveMode = 'real';
export const kserveModeVar = 'SERVEDECK_SANDBOX_KSERVE';

/** The mode asked for with SERVEDECK_SANDBOX_KSERVE, undefined when unset; a clear error on anything else. */
export function requestedKserveMode(env: NodeJS.ProcessEnv = process.env): KserveMode | undefined {
  const raw = env[kserveModeVar];
  if (raw === undefined || raw === '') return undefined;
  const r = kserveModeSchema.safeParse(raw);
  if (!r.success) throw new SandboxError(`${kserveModeVar}=${raw} is not a mode: use one of ${kserveModes.join(', ')}`);
  return r.data;
}
