/**
 * Pure parts of running the storage-initializer container on the host: its args with container paths
 * replaced by host folders, the environment it gets, and the message of a failed run.
 */

/** Where KServe's pod mutator mounts the model volume (constants.DefaultModelLocalMountPath). */
export const modelMountPath = '/mnt/models';

export type HostArgs = { ok: true; args: string[] } | { ok: false; message: string };

/**
 * The container's args `[SRC_0, DEST_0, SRC_1, DEST_1, ...]` with every destination mapped to a host
 * folder: `hostPath` first (the kubelet's view of the container's volume mounts), else `/mnt/models` and
 * paths below it go to `mountDir`. Sources are passed through untouched (KServe's code reads them).
 */
export function hostArgs(
  args: readonly string[],
  mountDir: string,
  hostPath?: (containerPath: string) => string | undefined,
): HostArgs {
  if (args.length < 2 || args.length % 2 !== 0) {
    return {
      ok: false,
      message: `the storage initializer takes pairs of source URI and destination path, got ${args.length} args: ${JSON.stringify(args)}`,
    };
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const src = args[i] ?? '';
    const dest = args[i + 1] ?? '';
    const mapped = hostPath?.(dest) ?? underModelMount(dest, mountDir);
    if (mapped === undefined) {
      return {
        ok: false,
        message: `destination ${dest} (for ${src}) is not on a volume of the container; the sandbox maps ${modelMountPath} to ${mountDir}`,
      };
    }
    out.push(src, mapped);
  }
  return { ok: true, args: out };
}

function underModelMount(dest: string, mountDir: string): string | undefined {
  const path = dest.replace(/\/+$/, '') || '/';
  if (path === modelMountPath) return mountDir;
  if (!path.startsWith(`${modelMountPath}/`)) return undefined;
  const rest = path.slice(modelMountPath.length + 1).split('/');
  if (rest.some((part) => part === '..')) return undefined;
  return [mountDir.replace(/\/+$/, ''), ...rest.filter((p) => p !== '' && p !== '.')].join('/');
}

/**
 * Variables the sandbox sets whatever the container says, so that KServe's code reaches the sandbox's
 * servers and never probes a cloud metadata address (there is no network but the package registries):
 * gs:// goes to the GCS emulator (google-cloud-storage then uses anonymous credentials, as the samples
 * need), the AWS and Google credential chains skip their instance-metadata lookups, Hugging Face is offline.
 */
export function sandboxStorageEnv(endpoints: { gcs: string } | undefined): Record<string, string> {
  return {
    ...(endpoints ? { STORAGE_EMULATOR_HOST: endpoints.gcs } : {}),
    NO_GCE_CHECK: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    HF_HUB_OFFLINE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

/**
 * The process environment: a minimal base (not the kubelet's own environment, which may hold the
 * developer's cloud credentials), then the container's env (KServe's credential variables: AWS_*,
 * S3_*, GOOGLE_APPLICATION_CREDENTIALS ...), then `sandboxStorageEnv`.
 */
export function initializerEnv(opts: {
  containerEnv: Readonly<Record<string, string>>;
  endpoints: { gcs: string } | undefined;
  workDir: string;
  venvBin: string;
  path?: string;
}): Record<string, string> {
  return {
    PATH: `${opts.venvBin}:${opts.path ?? '/usr/local/bin:/usr/bin:/bin'}`,
    HOME: opts.workDir,
    TMPDIR: opts.workDir,
    LANG: 'C.UTF-8',
    ...opts.containerEnv,
    ...sandboxStorageEnv(opts.endpoints),
  };
}

/** The kubelet's limits for a termination message taken from the log (kubecontainer.MaxContainerTerminationMessageLog*). */
export const terminationLogLines = 80;
export const terminationLogBytes = 2048;

/**
 * What a kubelet puts in `terminated.message` for `terminationMessagePolicy: FallbackToLogsOnError` (KServe's
 * storage-initializer has it) when the container failed: the last 80 lines of its log, at most the last 2048 bytes.
 */
export function terminationLogTail(lines: readonly string[]): string {
  const text = lines.slice(-terminationLogLines).join('\n');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= terminationLogBytes
    ? text
    : bytes.subarray(bytes.length - terminationLogBytes).toString('utf8');
}

/** KServe's own error text from the entrypoint's last error line, else the last line of output. */
export function failureMessage(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /(?:Storage initialization failed|Unexpected error during storage initialization): (.*)$/.exec(
      lines[i] ?? '',
    );
    if (m?.[1]) return m[1];
  }
  return lines.at(-1);
}
