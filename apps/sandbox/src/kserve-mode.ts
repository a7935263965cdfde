import { z } from 'zod';
import { SandboxError } from './errors';

/**
 * The sandbox runs one KServe: the real KServe controller manager v0.20.0 with its webhooks,
 * kube-controller-manager and kube-scheduler; our code is only the kubelet and the gateway. Until issue 14 a
 * sandbox could run our TypeScript imitation of KServe and of the Kubernetes controllers instead
 * (`imitation`). state.json still records which one made the sandbox (`kserveMode`), so that `up` can refuse
 * a sandbox the imitation made: its Deployments, Pods and statuses are not KServe's, and there is no converting it.
 */
export const kserveModes = ['imitation', 'real'] as const;
/** What a state file may record; new sandboxes record `real`. */
export const kserveModeSchema = z.enum(kserveModes);
export type KserveMode = z.infer<typeof kserveModeSchema>;

export const kserveModeVar = 'SERVEDECK_SANDBOX_KSERVE';

/** SERVEDECK_SANDBOX_KSERVE may be unset or `real`; `imitation` (removed) and anything else are refused. */
export function checkRequestedKserveMode(env: NodeJS.ProcessEnv = process.env): void {
  const raw = env[kserveModeVar];
  if (raw === undefined || raw === '' || raw === 'real') return;
  if (raw === 'imitation') {
    throw new SandboxError(
      `${kserveModeVar}=imitation: the KServe imitation was removed (issue 14); the sandbox runs only the real ` +
        `KServe controller manager. Unset ${kserveModeVar} (or set it to real).`,
    );
  }
  throw new SandboxError(`${kserveModeVar}=${raw} is not a mode: the only one is real (or leave it unset)`);
}

/** `up` runs only a sandbox made in `real` mode; one the imitation made has to be reset first. */
export function checkRecordedKserveMode(recorded: KserveMode, stateDir: string): void {
  if (recorded === 'real') return;
  throw new SandboxError(
    `the sandbox in ${stateDir} was made by the KServe imitation (state.json: kserveMode ` +
      `'${recorded}', or none: a state file from before the mode was recorded), which was removed ` +
      '(issue 14). Its cluster cannot be run by real KServe: run `npm run sandbox -- reset` (deletes the ' +
      'sandbox: cluster data, its InferenceServices, logs), then `npm run sandbox -- up`.',
  );
}
