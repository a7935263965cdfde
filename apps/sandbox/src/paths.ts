import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/sandbox */
export const sandboxDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (two levels above apps/sandbox). */
export const repoRoot = resolve(sandboxDir, '..', '..');

/** Persistent per-user cache, the same rule as scripts/lib.mjs `cacheDir`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SERVEDECK_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'servedeck');
}

/** Read-only reference material: `<repo>/../shared`, overridable with SERVEDECK_SHARED_DIR. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SERVEDECK_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
}

/** Everything the running sandbox owns (git-ignored). */
export function stateDirPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SERVEDECK_SANDBOX_DIR ?? join(repoRoot, '.sandbox');
}

export type Layout = ReturnType<typeof layout>;

/** Every file path the sandbox reads or writes, derived from the state folder. */
export function layout(stateDir: string) {
  const pki = join(stateDir, 'pki');
  return {
    stateDir,
    stateFile: join(stateDir, 'state.json'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    logs: join(stateDir, 'logs'),
    etcdData: join(stateDir, 'etcd'),
    dexDir: join(stateDir, 'dex'),
    dexConfig: join(stateDir, 'dex', 'config.yaml'),
    apiserverDir: join(stateDir, 'apiserver'),
    authConfig: join(stateDir, 'apiserver', 'authentication-config.yaml'),
    /** The real control plane (`real` mode): one folder each, kubeconfigs of their own identities. */
    kcmDir: join(stateDir, 'kube-controller-manager'),
    kcmKubeconfig: join(stateDir, 'kube-controller-manager', 'kubeconfig'),
    schedulerDir: join(stateDir, 'kube-scheduler'),
    schedulerKubeconfig: join(stateDir, 'kube-scheduler', 'kubeconfig'),
    kserveDir: join(stateDir, 'kserve'),
    kserveKubeconfig: join(stateDir, 'kserve', 'kubeconfig'),
    /** The manager's TMPDIR: it reads its webhook serving cert from `k8s-webhook-server/serving-certs/`. */
    kserveTmp: join(stateDir, 'kserve', 'tmp'),
    /** KServe's LLMInferenceService controller (`cmd/llmisvc`): its kubeconfig and TMPDIR (webhook serving cert). */
    llmisvcDir: join(stateDir, 'llmisvc'),
    llmisvcKubeconfig: join(stateDir, 'llmisvc', 'kubeconfig'),
    llmisvcTmp: join(stateDir, 'llmisvc', 'tmp'),
    pki: {
      dir: pki,
      caCert: join(pki, 'ca.crt'),
      caKey: join(pki, 'ca.key'),
      apiserverCert: join(pki, 'apiserver.crt'),
      apiserverKey: join(pki, 'apiserver.key'),
      dexCert: join(pki, 'dex.crt'),
      dexKey: join(pki, 'dex.key'),
      adminCert: join(pki, 'admin.crt'),
      adminKey: join(pki, 'admin.key'),
      saKey: join(pki, 'sa.key'),
      saPub: join(pki, 'sa.pub'),
      kcmCert: join(pki, 'kube-controller-manager.crt'),
      kcmKey: join(pki, 'kube-controller-manager.key'),
      schedulerCert: join(pki, 'kube-scheduler.crt'),
      schedulerKey: join(pki, 'kube-scheduler.key'),
      kserveCert: join(pki, 'kserve-controller.crt'),
      kserveKey: join(pki, 'kserve-controller.key'),
      llmisvcCert: join(pki, 'llmisvc-controller.crt'),
      llmisvcKey: join(pki, 'llmisvc-controller.key'),
      controlServingCert: join(pki, 'control-serving.crt'),
      controlServingKey: join(pki, 'control-serving.key'),
      kserveWebhookCert: join(pki, 'kserve-webhook.crt'),
      kserveWebhookKey: join(pki, 'kserve-webhook.key'),
    },
  };
}

export function logFile(stateDir: string, component: string): string {
  return join(stateDir, 'logs', `${component}.log`);
}
