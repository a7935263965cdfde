import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from './errors';
import type { Layout } from './paths';

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new SandboxError(`openssl is required (apt-get install openssl): ${r.error.message}`);
  if (r.status !== 0) throw new SandboxError(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/** The extension section for a certificate (server: SAN 127.0.0.1/localhost; client: clientAuth). */
export function certExtensions(kind: 'server' | 'client'): string {
  const common = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
  return kind === 'server'
    ? `${common}extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n`
    : `${common}extendedKeyUsage=clientAuth\n`;
}

function issue(pki: Layout['pki'], name: string, subject: string, kind: 'server' | 'client'): void {
  const dir = pki.dir;
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, certExtensions(kind));
  openssl(['genrsa', '-out', `${name}.key`, '2048'], dir);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '3650',
    ].concat(['-sha256', '-extfile', ext, '-out', `${name}.crt`]),
    dir,
  );
}

/**
 * Client identities of the real control plane. kube-controller-manager and kube-scheduler use the names
 * the apiserver's bootstrap RBAC binds; the KServe manager is its ServiceAccount (a client cert with the
 * ServiceAccount's user name and groups), so it gets exactly the rights of KServe's own ClusterRole.
 */
export const controlPlaneSubjects = {
  kcm: '/CN=system:kube-controller-manager',
  scheduler: '/CN=system:kube-scheduler',
  kserve:
    '/O=system:serviceaccounts/O=system:serviceaccounts:kserve/CN=system:serviceaccount:kserve:kserve-controller-manager',
  llmisvc:
    '/O=system:serviceaccounts/O=system:serviceaccounts:kserve/CN=system:serviceaccount:kserve:llmisvc-controller-manager',
} as const;

/**
 * One CA; server certs for kube-apiserver, Dex and KServe's webhook server; the admin client cert
 * (O=system:masters); client certs of the control plane; SA keys. Issues only what is missing.
 */
export function ensurePki(pki: Layout['pki'], log: (m: string) => void): void {
  const wanted = [
    pki.caCert,
    pki.apiserverCert,
    pki.dexCert,
    pki.adminCert,
    pki.saKey,
    pki.saPub,
    pki.kcmCert,
    pki.schedulerCert,
    pki.kserveCert,
    pki.llmisvcCert,
    pki.kserveWebhookCert,
    pki.controlServingCert,
  ];
  if (wanted.every(existsSync)) {
    log(`reusing ${pki.dir}`);
    return;
  }
  mkdirSync(pki.dir, { recursive: true, mode: 0o700 });
  if (!existsSync(pki.caCert)) {
    openssl(['genrsa', '-out', 'ca.key', '2048'], pki.dir);
    openssl(
      ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=servedeck-sandbox-ca', '-days', '3650', '-sha256']
        .concat(['-addext', 'basicConstraints=critical,CA:TRUE'])
        .concat(['-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature', '-out', 'ca.crt']),
      pki.dir,
    );
  }
  if (!existsSync(pki.apiserverCert)) issue(pki, 'apiserver', '/CN=kube-apiserver', 'server');
  if (!existsSync(pki.dexCert)) issue(pki, 'dex', '/CN=dex', 'server');
  if (!existsSync(pki.adminCert)) issue(pki, 'admin', '/O=system:masters/CN=sandbox-admin', 'client');
  if (!existsSync(pki.kcmCert)) issue(pki, 'kube-controller-manager', controlPlaneSubjects.kcm, 'client');
  if (!existsSync(pki.schedulerCert)) issue(pki, 'kube-scheduler', controlPlaneSubjects.scheduler, 'client');
  if (!existsSync(pki.kserveCert)) issue(pki, 'kserve-controller', controlPlaneSubjects.kserve, 'client');
  if (!existsSync(pki.llmisvcCert)) issue(pki, 'llmisvc-controller', controlPlaneSubjects.llmisvc, 'client');
  if (!existsSync(pki.kserveWebhookCert)) issue(pki, 'kserve-webhook', '/CN=kserve-webhook-server', 'server');
  // The secure ports of kube-controller-manager and kube-scheduler (their /healthz), verified like the rest.
  if (!existsSync(pki.controlServingCert)) issue(pki, 'control-serving', '/CN=sandbox-control-plane', 'server');
  if (!existsSync(pki.saKey) || !existsSync(pki.saPub)) {
    openssl(['genrsa', '-out', 'sa.key', '2048'], pki.dir);
    openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], pki.dir);
  }
  log(`created the missing CA, certificates and keys in ${pki.dir}`);
}
