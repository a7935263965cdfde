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
    },
  };
}

export function logFile(stateDir: string, component: string): string {
  return join(stateDir, 'logs', `${component}.log`);
}
